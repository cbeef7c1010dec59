import type { Kysely } from 'kysely'
import type { MapIntervention } from '../domain/gap-map.ts'
import type { Database } from './database.ts'
import type { FacetFilters } from './facets.ts'
import { whereAll } from './interventions.ts'
import { perRevision } from './revision-cache.ts'

/** "table-9": the interventions the chapter's Table 9 lists; "all": the whole catalogue. */
export type GapScope = 'table-9' | 'all'

/** The interventions a gap map shows: those in scope that pass the catalogue's filters. */
export async function mapInterventions(db: Kysely<Database>, scope: GapScope, query: { q?: string; filters: FacetFilters }): Promise<MapIntervention[]> {
  let rows = db
    .selectFrom('intervention')
    .leftJoin('report_inclusion', (j) => j.onRef('report_inclusion.intervention_id', '=', 'intervention.id').on('report_inclusion.report_id', '=', 'table-9'))
    .select(['intervention.id', 'intervention.name', 'prevention_levels', 'grading_groups', 'clearinghouse_ids', 'best_tier', 'best_tier_rank', 'report_inclusion.group_id', 'report_inclusion.position', 'report_inclusion.name_in_report'])
    .where(whereAll(query))
  if (scope === 'table-9') rows = rows.where('report_inclusion.report_id', 'is not', null)
  const found = await rows.orderBy('intervention.name').execute()
  if (found.length === 0) return []
  const needs = await db.selectFrom('intervention_need').select(['intervention_id', 'need_id', 'role']).where('intervention_id', 'in', found.map((r) => r.id)).execute()
  return found.map((r) => ({
    id: r.id,
    name: r.name,
    needs: needs.filter((n) => n.intervention_id === r.id).map((n) => ({ need: n.need_id, role: n.role })),
    prevention: r.prevention_levels,
    gradingGroups: r.grading_groups,
    clearinghouses: r.clearinghouse_ids,
    bestTier: r.best_tier,
    bestTierRank: r.best_tier_rank,
    ...(r.group_id && r.position !== null && r.name_in_report ? { report: { group: r.group_id, position: r.position, nameInReport: r.name_in_report } } : {}),
  }))
}

/** A published report table (the gap map's Table 9), read once per revision. */
export async function loadReportTable(db: Kysely<Database>, id: string) {
  return perRevision(db, `report-table:${id}`, () => db.selectFrom('report_table').selectAll().where('id', '=', id).executeTakeFirst())
}
