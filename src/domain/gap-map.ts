/**
 * The evidence-and-gap map: rows are interventions (or groups of them), columns are needs; a cell
 * says whether (or how many) target the need as a primary or a secondary goal, and the best
 * harmonised tier among them. Pure: the store supplies the interventions, the web renders the map.
 */

export interface MapIntervention {
  id: string
  name: string
  needs: { need: string; role: 'primary' | 'secondary' }[]
  prevention: string[]
  gradingGroups: string[]
  clearinghouses: string[]
  bestTier: string
  bestTierRank: number
  /** Where a report table lists it (for the Table 9 layout). */
  report?: { group: string; position: number; nameInReport: string }
}

export type RowMode = 'interventions' | 'prevention' | 'grading' | 'clearinghouse' | 'tier'
export const ROW_MODES: RowMode[] = ['interventions', 'prevention', 'grading', 'clearinghouse', 'tier']

export interface Labelled {
  id: string
  label: string
}

export interface GapCell {
  /** Interventions in the row with the need as a primary goal. */
  primary: string[]
  /** …as a secondary goal (only when secondary goals are shown). */
  secondary: string[]
  /** Best tier among them; null for an empty cell. */
  bestTier: string | null
}

export interface GapRow {
  id: string
  /** The programme's correct name (or the group's label). */
  label: string
  /** How the report prints the row, where that differs from the correct name ("Mellow Bumbs"). */
  nameInReport?: string
  kind: 'intervention' | 'group'
  /** For an intervention row, its own best tier; for a group row, how many interventions it holds. */
  bestTier?: string
  size: number
  cells: Record<string, GapCell>
}

export interface GapMap {
  columns: Labelled[]
  rowMode: RowMode
  secondary: boolean
  sections: { id: string; label: string; rows: GapRow[] }[]
  /** Per column: interventions with the need as a primary (and secondary) goal across the whole map. */
  totals: Record<string, { primary: number; secondary: number }>
  interventions: number
}

export interface GapMapOptions {
  columns: Labelled[]
  rowMode: RowMode
  secondary: boolean
  /** Tier ranks, strongest first, to pick a cell's best tier. */
  tierRank: ReadonlyMap<string, number>
  /** With rowMode "interventions": sections in publication order (Table 9's groups); others go last. */
  sections?: Labelled[]
  /** With a group row mode: the groups in order, with labels. */
  groups?: Labelled[]
}

function cellFor(members: MapIntervention[], need: string, secondary: boolean, tierRank: ReadonlyMap<string, number>): GapCell {
  const primary = members.filter((m) => m.needs.some((n) => n.need === need && n.role === 'primary'))
  const second = secondary ? members.filter((m) => m.needs.some((n) => n.need === need && n.role === 'secondary')) : []
  let best: string | null = null
  for (const m of [...primary, ...second]) if (best === null || (tierRank.get(m.bestTier) ?? 99) < (tierRank.get(best) ?? 99)) best = m.bestTier
  return { primary: primary.map((m) => m.id), secondary: second.map((m) => m.id), bestTier: best }
}

/** The value(s) of an intervention for a group row mode; an intervention with none is in "unknown". */
export function groupValues(m: MapIntervention, mode: Exclude<RowMode, 'interventions'>): string[] {
  const values = mode === 'prevention' ? m.prevention : mode === 'grading' ? m.gradingGroups : mode === 'clearinghouse' ? m.clearinghouses : [m.bestTier]
  return values.length ? values : ['unknown']
}

/**
 * Spacing, case and a trailing acronym aside, is it the same name? The report's "EPEC  Baby and Us"
 * and "COPEing with Toddler Behavior (CWTB)" are ours; "Mellow Bumbs" is not.
 */
function normaliseName(name: string): string {
  return name.replace(/\s*\([^()]*\)\s*$/, '').replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase()
}

export function buildGapMap(interventions: readonly MapIntervention[], o: GapMapOptions): GapMap {
  const cells = (members: MapIntervention[]) => Object.fromEntries(o.columns.map((c) => [c.id, cellFor(members, c.id, o.secondary, o.tierRank)]))
  let sections: GapMap['sections']
  if (o.rowMode === 'interventions') {
    const row = (m: MapIntervention): GapRow => ({
      id: m.id,
      label: m.name,
      ...(m.report && normaliseName(m.report.nameInReport) !== normaliseName(m.name) ? { nameInReport: m.report.nameInReport } : {}),
      kind: 'intervention',
      bestTier: m.bestTier,
      size: 1,
      cells: cells([m]),
    })
    if (o.sections?.length) {
      const known = new Set(o.sections.map((s) => s.id))
      sections = o.sections.map((s) => ({
        ...s,
        rows: interventions.filter((m) => m.report?.group === s.id).sort((a, b) => a.report!.position - b.report!.position).map(row),
      }))
      const rest = interventions.filter((m) => !m.report || !known.has(m.report.group))
      if (rest.length) sections.push({ id: 'other', label: 'Other', rows: [...rest].sort(byTierThenName(o.tierRank)).map(row) })
    } else {
      sections = [{ id: 'all', label: '', rows: [...interventions].sort(byTierThenName(o.tierRank)).map(row) }]
    }
  } else {
    const mode = o.rowMode
    const groups = [...(o.groups ?? [])]
    for (const m of interventions) for (const v of groupValues(m, mode)) if (!groups.some((g) => g.id === v)) groups.push({ id: v, label: v })
    const rows = groups
      .map((g): GapRow => {
        const members = interventions.filter((m) => groupValues(m, mode).includes(g.id))
        return { id: g.id, label: g.label, kind: 'group', size: members.length, cells: cells(members) }
      })
      .filter((r) => r.size > 0)
    sections = [{ id: mode, label: '', rows }]
  }
  const all = cells([...interventions])
  return {
    columns: o.columns,
    rowMode: o.rowMode,
    secondary: o.secondary,
    sections: sections.filter((s) => s.rows.length > 0),
    totals: Object.fromEntries(o.columns.map((c) => [c.id, { primary: all[c.id]!.primary.length, secondary: all[c.id]!.secondary.length }])),
    interventions: interventions.length,
  }
}

function byTierThenName(tierRank: ReadonlyMap<string, number>) {
  return (a: MapIntervention, b: MapIntervention) => (tierRank.get(a.bestTier) ?? 99) - (tierRank.get(b.bestTier) ?? 99) || a.name.localeCompare(b.name)
}
