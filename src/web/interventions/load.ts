import { getIntervention, interventionItems, resultIds, searchInterventions, type SortOrder } from '../../store/interventions.ts'
import { gradeRows } from '../../store/open-data.ts'
import type { CatalogueContext } from '../kit/catalogue.ts'
import { facetFilters } from '../kit/facet-params.ts'

/** What a catalogue search needs from any of its URLs (page, JSON twin, API, CSV, XLSX). */
export interface CatalogueSearch {
  q?: string | undefined
  sort: SortOrder
  page: number
  pageSize: number
  /** The facet parameters as parsed: need, prevention, …; unknown values are a 400 naming the parameter. */
  facets: Partial<Record<string, unknown>>
}

export type CatalogueResult = Awaited<ReturnType<typeof searchInterventions>>

/** The one catalogue loader: every format of /interventions and the search API render what it returns. */
export async function loadCatalogue(cat: CatalogueContext, search: CatalogueSearch): Promise<CatalogueResult> {
  const filters = facetFilters(search.facets, cat.vocabulary)
  return searchInterventions(cat.db, { q: search.q || undefined, filters, sort: search.sort, page: search.page, pageSize: search.pageSize }, cat.vocabulary)
}

/** Every grade of the programmes found, one row each (the grades table of the exports). */
export async function loadGrades(cat: CatalogueContext, result: CatalogueResult) {
  return gradeRows(cat.db, result.items.map((i) => i.id))
}

/** One programme, with its needs named in the reader's language; undefined when there is none. */
export async function loadIntervention(cat: CatalogueContext, id: string) {
  const iv = await getIntervention(cat.db, id)
  if (!iv) return undefined
  return { iv, needNames: new Map(cat.vocabulary.need.map((n) => [n.id, n.label])) }
}

/**
 * Every result's id in the search's order, for exports that stream the whole result a chunk at a
 * time (the whole catalogue never sits in memory at once, only its ids).
 */
export async function loadCatalogueIds(cat: CatalogueContext, search: Omit<CatalogueSearch, 'page' | 'pageSize'>) {
  return resultIds(cat.db, { q: search.q || undefined, filters: facetFilters(search.facets, cat.vocabulary), sort: search.sort })
}

/** One chunk of an export: the programmes as the search lists them, or their grades one row each. */
export const loadItems = (cat: CatalogueContext, ids: string[]) => interventionItems(cat.db, ids, { remember: false })
export const loadGradesOf = (cat: CatalogueContext, ids: string[]) => gradeRows(cat.db, ids)
