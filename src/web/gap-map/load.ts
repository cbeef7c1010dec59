import { gapFindings, type Finding } from '../../domain/gap-findings.ts'
import { buildGapMap, type GapCell, type GapMap, type Labelled, type MapIntervention } from '../../domain/gap-map.ts'
import { loadReportTable, mapInterventions, type GapScope } from '../../store/gap-map.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import type { CatalogueContext } from '../kit/catalogue.ts'
import { BadRequestError } from '../kit/errors.ts'
import { facetFilters } from '../kit/facet-params.ts'
import { CELL_LIST_LIMIT, FINDING_LIST_LIMIT, GAP_ROWS_PER_PAGE, type GapMapQuery } from './query.ts'

export interface GapMapView {
  query: GapMapQuery
  map: GapMap
  findings: Finding[]
  interventions: MapIntervention[]
  /**
   * Table 9's label, caption and column labels for the publication layout, in the reader's language:
   * in English the chapter's own wording; in any other language all of it translated, so an export
   * never mixes languages.
   */
  publication: { label: string; caption: string; columnLabels: Record<string, string> } | null
  /** Which rows `map.sections` holds: rows `from`–`to` (1-based) of `rows`, page `page` of `pages`. */
  paging: { page: number; pages: number; pageSize: number; rows: number; from: number; to: number }
}

/** Which of `rows` rows page `page` holds (a page past the last shows the last). */
export function rowWindow(rows: number, page: number, pageSize = GAP_ROWS_PER_PAGE): { window: { offset: number; limit: number }; paging: GapMapView['paging'] } {
  const pages = Math.max(1, Math.ceil(rows / pageSize))
  const p = Math.min(Math.max(1, page), pages)
  const offset = (p - 1) * pageSize
  const to = Math.min(rows, offset + pageSize)
  return { window: { offset, limit: pageSize }, paging: { page: p, pages, pageSize, rows, from: rows ? offset + 1 : 0, to } }
}

/** The map with only the rows of one page; totals stay those of the whole map. */
export function pageOfMap(map: GapMap, page: number, pageSize = GAP_ROWS_PER_PAGE): { map: GapMap; paging: GapMapView['paging'] } {
  const rows = map.sections.reduce((n, s) => n + s.rows.length, 0)
  const { window, paging } = rowWindow(rows, page, pageSize)
  if (paging.pages === 1) return { map, paging }
  const from = window.offset
  const to = paging.to
  const sections: GapMap['sections'] = []
  let k = 0
  for (const s of map.sections) {
    const start = Math.max(from - k, 0)
    const end = Math.min(to - k, s.rows.length)
    if (start < end) sections.push({ ...s, rows: s.rows.slice(start, end) })
    k += s.rows.length
  }
  return { map: { ...map, sections }, paging }
}

/** A cell for JSON: its full counts, and at most CELL_LIST_LIMIT ids of each kind. */
export function boundedCell(c: GapCell) {
  return { primary: c.primary.slice(0, CELL_LIST_LIMIT), secondary: c.secondary.slice(0, CELL_LIST_LIMIT), primaryCount: c.primary.length, secondaryCount: c.secondary.length, bestTier: c.bestTier }
}

/** A finding for JSON: a list of programmes cut to FINDING_LIST_LIMIT, with how many there are. */
export function boundedFinding(f: Finding): Finding & { interventionCount?: number } {
  return 'interventions' in f ? { ...f, interventions: f.interventions.slice(0, FINDING_LIST_LIMIT), interventionCount: f.interventions.length } : f
}

/** Loads the interventions in view and computes the map and its findings. */
export async function loadGapMap(cat: CatalogueContext, query: GapMapQuery): Promise<GapMapView> {
  const { vocabulary, tr } = cat
  const filters = facetFilters(query, vocabulary)
  const tiers = [...cat.tiers]
  const [report, interventions] = await Promise.all([loadReportTable(cat.db, 'table-9'), mapInterventions(cat.db, query.scope as GapScope, { q: query.q || undefined, filters })])
  const needLabel = new Map(vocabulary.need.map((n) => [n.id, n.label]))
  // "all" (the planner's one click) means every need, in the framework's order.
  const columnIds = query.columns?.includes('all') ? vocabulary.need.map((n) => n.id) : query.columns?.length ? query.columns : (report?.columns.map((c) => c.need) ?? [])
  const unknown = columnIds.filter((c) => !needLabel.has(c))
  if (unknown.length) throw new BadRequestError(`Unknown value ${JSON.stringify(unknown[0]!.slice(0, 60))} for query parameter "columns"; expected need ids`)
  const columns: Labelled[] = columnIds.map((id) => ({ id, label: needLabel.get(id)! }))
  const tierRank = new Map(tiers.map((t) => [t.id, t.rank]))
  const rowMode = query.rows
  const groupLabel = (prefix: string) => (id: string) => ({ id, label: tr.t(`${prefix}.${id}` as MessageKey) })
  const groups: Labelled[] | undefined =
    rowMode === 'prevention' ? [...['universal', 'targeted', 'therapeutic'].map(groupLabel('prevention')), { id: 'unknown', label: tr.t('prevention.unknown') }]
    : rowMode === 'grading' ? [...['nordic', 'uk-usa'].map(groupLabel('grading')), { id: 'unknown', label: tr.t('result.noGrade') }]
    : rowMode === 'tier' ? tiers.sort((a, b) => a.rank - b.rank).map((t) => groupLabel('tier')(t.id))
    : rowMode === 'clearinghouse' ? [...vocabulary.clearinghouse, { id: 'unknown', label: tr.t('result.noGrade') }]
    : undefined
  const english = tr.lang === 'en'
  const sections = query.scope === 'table-9' && report ? report.groups.map((g) => (english ? g : { id: g.id, label: tr.t(`gap.group.${g.id}` as MessageKey) })) : undefined
  // One row per intervention: every intervention is a row, so the page's rows are known before the
  // map is built, and only they get built. Grouped rows are few; they are paged after building.
  const window = rowMode === 'interventions' ? rowWindow(interventions.length, query.page ?? 1) : undefined
  const built = buildGapMap(interventions, { columns, rowMode, secondary: query.secondary === '1', tierRank, sections, groups, ...(window ? { window: window.window } : {}) })
  const stated = query.scope === 'table-9' && report && Object.keys(filters).length === 0 && !query.q ? report.stated_totals : undefined
  const findings = gapFindings(interventions, columns, { tierRank, ...(stated ? { statedTotals: stated } : {}) })
  const { map, paging } = window ? { map: built, paging: window.paging } : pageOfMap(built, query.page ?? 1)
  return {
    query,
    map,
    paging,
    findings,
    interventions,
    publication: !report ? null
      : english ? { label: report.label, caption: `${report.label}. ${report.title}`, columnLabels: Object.fromEntries(report.columns.map((c) => [c.need, c.label])) }
      : { label: tr.t('gap.table9Caption').split('. ')[0]!, caption: tr.t('gap.table9Caption'), columnLabels: {} },
  }
}

/** A finding in the reader's language. */
export function findingText(f: Finding, tr: Translator, needLabel: (id: string) => string): string {
  // A long list names the first few and says how many more there are, so the text stays short.
  const list = (xs: Labelled[]) => {
    const names = xs.slice(0, FINDING_LIST_LIMIT).map((x) => x.label).join(', ')
    return xs.length > FINDING_LIST_LIMIT ? tr.t('finding.andMore', { list: names, count: xs.length - FINDING_LIST_LIMIT }) : names
  }
  switch (f.rule) {
    case 'no-intervention':
      return tr.t('finding.no-intervention', { need: needLabel(f.need) })
    case 'no-nordic-grading':
      return tr.t('finding.no-nordic-grading', { need: needLabel(f.need), list: list(f.interventions) })
    case 'single-intervention':
      return tr.t('finding.single-intervention', { need: needLabel(f.need), name: f.intervention.label })
    case 'nothing-moderate-or-better':
      return tr.t('finding.nothing-moderate-or-better', { need: needLabel(f.need), tier: tr.t(`tier.${f.bestTier}` as MessageKey) })
    case 'prevention-levels': {
      const text = tr.t('finding.prevention-levels', { total: f.total, ...f.counts })
      return f.stated ? `${text} ${tr.t('finding.prevention-stated', { universal: f.stated.universal ?? 0, targeted: f.stated.targeted ?? 0, therapeutic: f.stated.therapeutic ?? 0 })}` : text
    }
  }
}

/**
 * Map data for JSON: the same object the page renders, findings written out in the reader's
 * language; bounded like the page (one page of rows, a cell's and a finding's lists cut, with counts).
 */
export function gapMapJson(view: GapMapView, tr: Translator, writeFinding: (f: GapMapView['findings'][number]) => string) {
  return {
    query: view.query,
    columns: view.map.columns,
    rowMode: view.map.rowMode,
    secondary: view.map.secondary,
    interventions: view.map.interventions,
    paging: view.paging,
    sections: view.map.sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, cells: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, boundedCell(c)])) })) })),
    totals: view.map.totals,
    findings: view.findings.map((f) => ({ ...boundedFinding(f), text: writeFinding(f) })),
    lang: tr.lang,
  }
}
