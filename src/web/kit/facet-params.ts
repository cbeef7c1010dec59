import { FACET_KEYS, type FacetFilters } from '../../store/facets.ts'
import type { Vocabulary } from '../../store/vocabulary.ts'
import { requireKnown } from './errors.ts'
import { listParam } from './schemas.ts'

/** The facet query parameters, shared by the API and the catalogue page so they cannot drift apart. */
export const facetParamShape = {
  need: listParam('Need ids (any of them): e.g. bonding-attachment-early-interaction'),
  prevention: listParam('Prevention levels: universal, targeted, therapeutic'),
  grading: listParam('Grading groups: nordic, uk-usa'),
  clearinghouse: listParam('Clearinghouse ids whose grade of the intervention (or a close variant) is recorded'),
  tier: listParam('Best harmonised tier ids'),
  format: listParam('Delivery formats'),
  age: listParam('Child-age stages: pregnancy, 0-3m, 3-12m, 12-24m, over-24m, unknown-age'),
}

/** Facet filters from a parsed query; a value the vocabulary does not know is a 400 naming the parameter. */
export function facetFilters(query: Partial<Record<string, unknown>>, vocabulary: Vocabulary): FacetFilters {
  const filters: FacetFilters = {}
  for (const key of FACET_KEYS) {
    const values = query[key] as string[] | undefined
    if (!values?.length) continue
    requireKnown(key, values, vocabulary[key].map((t) => t.id))
    filters[key] = values
  }
  return filters
}
