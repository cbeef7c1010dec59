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
  /**
   * With rowMode "interventions": only these rows (of all sections in order) get built; totals stay
   * those of every intervention. A page of a whole-catalogue map builds 100 rows, not 50,000.
   */
  window?: { offset: number; limit: number }
}

/**
 * Every column's cell for a set of interventions, in one pass over their needs (a filter per column
 * was columns × interventions). Ids keep the members' order; an intervention counts once per role.
 */
function cellsFor(members: readonly MapIntervention[], columns: readonly Labelled[], secondary: boolean, tierRank: ReadonlyMap<string, number>): Record<string, GapCell> {
  const col = new Map(columns.map((c, k) => [c.id, k]))
  const primary: MapIntervention[][] = columns.map(() => [])
  const second: MapIntervention[][] = columns.map(() => [])
  for (const m of members) {
    for (const n of m.needs) {
      const k = col.get(n.need)
      if (k === undefined) continue
      const list = n.role === 'primary' ? primary[k]! : secondary ? second[k]! : undefined
      if (list && list[list.length - 1] !== m) list.push(m)
    }
  }
  const out: Record<string, GapCell> = {}
  columns.forEach((c, k) => {
    let best: string | null = null
    for (const list of [primary[k]!, second[k]!]) for (const m of list) if (best === null || (tierRank.get(m.bestTier) ?? 99) < (tierRank.get(best) ?? 99)) best = m.bestTier
    out[c.id] = { primary: primary[k]!.map((m) => m.id), secondary: second[k]!.map((m) => m.id), bestTier: best }
  })
  return out
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
  const cells = (members: readonly MapIntervention[]) => cellsFor(members, o.columns, o.secondary, o.tierRank)
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
    let members: { id: string; label: string; rows: MapIntervention[] }[]
    if (o.sections?.length) {
      const known = new Set(o.sections.map((s) => s.id))
      members = o.sections.map((s) => ({
        ...s,
        rows: interventions.filter((m) => m.report?.group === s.id).sort((a, b) => a.report!.position - b.report!.position),
      }))
      const rest = interventions.filter((m) => !m.report || !known.has(m.report.group))
      if (rest.length) members.push({ id: 'other', label: 'Other', rows: [...rest].sort(byTierThenName(o.tierRank)) })
    } else {
      members = [{ id: 'all', label: '', rows: [...interventions].sort(byTierThenName(o.tierRank)) }]
    }
    const from = o.window ? o.window.offset : 0
    const to = o.window ? from + o.window.limit : Infinity
    let k = 0
    sections = members.map((s) => {
      const start = Math.max(from - k, 0)
      const end = Math.min(to - k, s.rows.length)
      k += s.rows.length
      return { id: s.id, label: s.label, rows: start < end ? s.rows.slice(start, end).map(row) : [] }
    })
  } else {
    const mode = o.rowMode
    const groups = [...(o.groups ?? [])]
    const byGroup = new Map<string, MapIntervention[]>(groups.map((g) => [g.id, []]))
    for (const m of interventions) {
      for (const v of groupValues(m, mode)) {
        let list = byGroup.get(v)
        if (!list) {
          groups.push({ id: v, label: v })
          byGroup.set(v, (list = []))
        }
        if (list[list.length - 1] !== m) list.push(m)
      }
    }
    const rows = groups
      .map((g): GapRow => {
        const members = byGroup.get(g.id)!
        return { id: g.id, label: g.label, kind: 'group', size: members.length, cells: cells(members) }
      })
      .filter((r) => r.size > 0)
    sections = [{ id: mode, label: '', rows }]
  }
  const all = cells(interventions)
  return {
    columns: o.columns,
    rowMode: o.rowMode,
    secondary: o.secondary,
    sections: sections.filter((s) => s.rows.length > 0),
    totals: Object.fromEntries(o.columns.map((c) => [c.id, { primary: all[c.id]!.primary.length, secondary: all[c.id]!.secondary.length }])),
    interventions: interventions.length,
  }
}

/** The same order as `localeCompare` without arguments, several times faster over a whole catalogue. */
const collator = new Intl.Collator()

function byTierThenName(tierRank: ReadonlyMap<string, number>) {
  return (a: MapIntervention, b: MapIntervention) => (tierRank.get(a.bestTier) ?? 99) - (tierRank.get(b.bestTier) ?? 99) || collator.compare(a.name, b.name)
}
