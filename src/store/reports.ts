import type { Kysely } from 'kysely'
import type { ReportTable } from '../domain/report.ts'
import { buildReportTable, type ReportTableView } from '../domain/report-table.ts'
import type { Database } from './database.ts'

/** A report table (Table 9) rebuilt from the data: the marks live on the interventions' inclusions. */
export async function getReportTable(db: Kysely<Database>, id: string): Promise<ReportTableView | undefined> {
  const table = await db.selectFrom('report_table').selectAll().where('id', '=', id).executeTakeFirst()
  if (!table) return undefined
  const rows = await db
    .selectFrom('report_inclusion')
    .innerJoin('intervention', 'intervention.id', 'report_inclusion.intervention_id')
    .select(['intervention.id', 'intervention.name', 'report_inclusion.group_id', 'report_inclusion.position', 'report_inclusion.name_in_report', 'report_inclusion.marks'])
    .where('report_id', '=', id)
    .execute()
  const report: ReportTable = {
    id: table.id,
    title: table.title,
    label: table.label,
    publication: table.publication,
    columns: table.columns,
    groups: table.groups,
    statedTotals: table.stated_totals,
    notes: table.notes,
    source: table.source as ReportTable['source'],
  }
  return buildReportTable(
    report,
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      reportInclusions: [{ report: id, group: r.group_id, position: r.position, nameInReport: r.name_in_report, marks: r.marks }],
    })),
  )
}
