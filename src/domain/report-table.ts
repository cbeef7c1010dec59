import type { Intervention } from './intervention.ts'
import type { ReportTable } from './report.ts'

export interface ReportTableRow {
  intervention: string
  name: string
  nameInReport: string
  marks: Record<string, boolean>
}
export interface ReportTableView {
  id: string
  title: string
  label: string
  publication: string
  columns: { id: string; label: string }[]
  groups: { id: string; label: string; rows: ReportTableRow[] }[]
  totals: {
    interventions: number
    byGroup: Record<string, number>
    byColumn: Record<string, number>
  }
  statedTotals: Record<string, number>
  notes: string[]
}

/** Rebuilds a published table (Table 9) from the interventions' inclusions, in the publication's order. */
export function buildReportTable(
  table: ReportTable,
  interventions: readonly Pick<Intervention, 'id' | 'name' | 'reportInclusions'>[],
): ReportTableView {
  const columns = table.columns.map((c) => ({ id: c.need, label: c.label }))
  const groups = table.groups.map((g) => {
    const rows = interventions
      .flatMap((i) =>
        i.reportInclusions
          .filter((r) => r.report === table.id && r.group === g.id)
          .map((r) => ({ position: r.position, row: { intervention: i.id, name: i.name, nameInReport: r.nameInReport, marks: Object.fromEntries(columns.map((c) => [c.id, r.marks[c.id] === true])) } })),
      )
      .sort((a, b) => a.position - b.position)
      .map((x) => x.row)
    return { id: g.id, label: g.label, rows }
  })
  const allRows = groups.flatMap((g) => g.rows)
  return {
    id: table.id,
    title: table.title,
    label: table.label,
    publication: table.publication,
    columns,
    groups,
    totals: {
      interventions: allRows.length,
      byGroup: Object.fromEntries(groups.map((g) => [g.id, g.rows.length])),
      byColumn: Object.fromEntries(columns.map((c) => [c.id, allRows.filter((r) => r.marks[c.id]).length])),
    },
    statedTotals: table.statedTotals,
    notes: table.notes,
  }
}
