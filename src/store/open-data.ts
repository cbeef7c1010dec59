import type { Kysely } from 'kysely'
import { currentAssessments } from '../domain/harmonise.ts'
import type { Database } from './database.ts'
import { toTiered } from './interventions.ts'

/**
 * One row per grade, the shape researchers asked for: the programme, the version the grade is of,
 * the portal, its words, the tier, the dates, the page and the quote that proves it. The CSV, the
 * XLSX and the data package all write these rows, so they agree with the API row for row.
 */
export interface GradeRow {
  assessmentId: string
  interventionId: string
  intervention: string
  /** The programme version the grade is of (appliesTo); null when it is the programme as listed. */
  variant: string | null
  scope: string
  clearinghouseId: string
  clearinghouse: string
  nativeGrade: string
  level: string | null
  tier: string
  reviewDate: string | null
  pageUrl: string | null
  quote: string | null
  retrieved: string
  secondHand: boolean
  current: boolean
}

/** Every grade of the given interventions (all live ones when `ids` is omitted), by programme name then order recorded. */
export async function gradeRows(db: Kysely<Database>, ids?: readonly string[]): Promise<GradeRow[]> {
  if (ids && ids.length === 0) return []
  let q = db
    .selectFrom('assessment')
    .innerJoin('intervention', 'intervention.id', 'assessment.intervention_id')
    .innerJoin('clearinghouse', 'clearinghouse.id', 'assessment.clearinghouse_id')
    .selectAll('assessment')
    .select(['intervention.name as intervention_name', 'clearinghouse.name as clearinghouse_name'])
  if (ids) q = q.where('assessment.intervention_id', 'in', [...ids])
  const rows = await q.orderBy('intervention.name').orderBy('intervention.id').orderBy('assessment.seq').execute()
  const byIntervention = new Map<string, typeof rows>()
  for (const r of rows) byIntervention.set(r.intervention_id, [...(byIntervention.get(r.intervention_id) ?? []), r])
  const current = new Set<string>()
  for (const list of byIntervention.values()) {
    const seqs = new Set(currentAssessments(list.map(toTiered)).map((a) => a.seq))
    for (const r of list) if (seqs.has(r.seq)) current.add(r.id)
  }
  return rows.map((r) => ({
    assessmentId: r.id,
    interventionId: r.intervention_id,
    intervention: r.intervention_name,
    variant: r.applies_to,
    scope: r.scope,
    clearinghouseId: r.clearinghouse_id,
    clearinghouse: r.clearinghouse_name,
    nativeGrade: r.native_level,
    level: r.level_id,
    tier: r.tier_id,
    reviewDate: r.review_date,
    pageUrl: r.source_url ?? r.source.url ?? null,
    quote: r.quote,
    retrieved: r.retrieved_at,
    secondHand: r.source.secondHand === true,
    current: current.has(r.id),
  }))
}
