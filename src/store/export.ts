import type { Kysely } from 'kysely'
import { toCsv } from '../domain/csv.ts'
import { listClearinghouses, listTiers } from './clearinghouses.ts'
import type { Database } from './database.ts'
import { listEvidence } from './evidence.ts'
import { getIntervention } from './interventions.ts'
import { catalogueStats } from './meta.ts'
import { getReportTable } from './reports.ts'
import { gradeRows, type GradeRow } from './open-data.ts'

/** The whole published catalogue as one JSON document, the shape of the API's detail responses. */
export async function exportJson(db: Kysely<Database>) {
  const ids = (await db.selectFrom('intervention').select('id').orderBy('id').execute()).map((r) => r.id)
  const interventions = []
  for (const id of ids) interventions.push(await getIntervention(db, id))
  const reportIds = (await db.selectFrom('report_table').select('id').orderBy('id').execute()).map((r) => r.id)
  const reports = []
  for (const id of reportIds) reports.push(await getReportTable(db, id))
  return {
    about: 'Perinatal Atlas catalogue export',
    exportedAt: new Date().toISOString(),
    ...(await catalogueStats(db)),
    tiers: await listTiers(db),
    clearinghouses: await listClearinghouses(db),
    interventions,
    reports,
    evidence: (await listEvidence(db, {})).statements,
  }
}

export type CsvTable = 'interventions' | 'assessments'

/** One row per grade, the columns the web's `/interventions.csv?table=assessments` has. */
export function gradesCsv(rows: GradeRow[], separator: ',' | ';' = ','): string {
  return toCsv(GRADE_COLUMNS, gradeCsvRows(rows), separator)
}
export const GRADE_COLUMNS = ['intervention_id', 'intervention', 'variant', 'scope', 'clearinghouse_id', 'clearinghouse', 'native_grade', 'level', 'tier', 'review_date', 'page_url', 'quote', 'retrieved', 'second_hand', 'current', 'assessment_id']
export const gradeCsvRows = (rows: GradeRow[]) => rows.map((g) => [g.interventionId, g.intervention, g.variant, g.scope, g.clearinghouseId, g.clearinghouse, g.nativeGrade, g.level, g.tier, g.reviewDate, g.pageUrl, g.quote, g.retrieved, g.secondHand, g.current, g.assessmentId])

/** A flat CSV of the interventions (one row each) or of every assessment (one row per grade). */
export async function exportCsv(db: Kysely<Database>, table: CsvTable): Promise<string> {
  if (table === 'assessments') return gradesCsv(await gradeRows(db))
  const [rows, inclusions] = await Promise.all([
    db.selectFrom('intervention').selectAll().orderBy('name').execute(),
    db.selectFrom('report_inclusion').select(['intervention_id', 'report_id', 'group_id']).execute(),
  ])
  return toCsv(
    ['id', 'name', 'acronyms', 'prevention_levels', 'primary_needs', 'secondary_needs', 'formats', 'best_tier', 'grading_groups', 'report_tables', 'description'],
    rows.map((r) => [
      r.id,
      r.name,
      r.acronyms,
      r.prevention_levels.length ? r.prevention_levels : 'unknown',
      r.primary_need_ids,
      r.need_ids.filter((n) => !r.primary_need_ids.includes(n)),
      r.formats.length ? r.formats : 'unknown',
      r.best_tier,
      r.grading_groups,
      inclusions.filter((i) => i.intervention_id === r.id).map((i) => `${i.report_id} (${i.group_id})`),
      r.description.en,
    ]),
  )
}
