import { gapFindings, type Finding } from '../../domain/gap-findings.ts'
import { buildGapMap, type GapMap, type Labelled, type MapIntervention } from '../../domain/gap-map.ts'
import { loadReportTable, mapInterventions, type GapScope } from '../../store/gap-map.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import type { CatalogueContext } from '../kit/catalogue.ts'
import { BadRequestError } from '../kit/errors.ts'
import { facetFilters } from '../kit/facet-params.ts'
import type { GapMapQuery } from './query.ts'

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
  const map = buildGapMap(interventions, { columns, rowMode, secondary: query.secondary === '1', tierRank, sections, groups })
  const stated = query.scope === 'table-9' && report && Object.keys(filters).length === 0 && !query.q ? report.stated_totals : undefined
  const findings = gapFindings(interventions, columns, { tierRank, ...(stated ? { statedTotals: stated } : {}) })
  return {
    query,
    map,
    findings,
    interventions,
    publication: !report ? null
      : english ? { label: report.label, caption: `${report.label}. ${report.title}`, columnLabels: Object.fromEntries(report.columns.map((c) => [c.need, c.label])) }
      : { label: tr.t('gap.table9Caption').split('. ')[0]!, caption: tr.t('gap.table9Caption'), columnLabels: {} },
  }
}

/** A finding in the reader's language. */
export function findingText(f: Finding, tr: Translator, needLabel: (id: string) => string): string {
  const list = (xs: Labelled[]) => xs.map((x) => x.label).join(', ')
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

/** Map data for JSON: the same object the page renders, findings written out in the reader's language. */
export function gapMapJson(view: GapMapView, tr: Translator, writeFinding: (f: GapMapView['findings'][number]) => string) {
  return {
    query: view.query,
    columns: view.map.columns,
    rowMode: view.map.rowMode,
    secondary: view.map.secondary,
    interventions: view.map.interventions,
    sections: view.map.sections,
    totals: view.map.totals,
    findings: view.findings.map((f) => ({ ...f, text: writeFinding(f) })),
    lang: tr.lang,
  }
}
