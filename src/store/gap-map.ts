import type { Kysely } from 'kysely'
import type { MapIntervention } from '../domain/gap-map.ts'
import type { Database } from './database.ts'
import type { FacetFilters } from './facets.ts'
import { facetBits, matchingRows, whereAll } from './interventions.ts'
import { perRevision } from './revision-cache.ts'
import { allBits, type Bits } from './search-index.ts'

/** "table-9": the interventions the chapter's Table 9 lists; "all": the whole catalogue. */
export type GapScope = 'table-9' | 'all'

/** The interventions a gap map shows: those in scope that pass the catalogue's filters. */
export async function mapInterventions(db: Kysely<Database>, scope: GapScope, query: { q?: string; filters: FacetFilters }): Promise<MapIntervention[]> {
  return scope === 'all' ? wholeCatalogue(db, query) : sqlMapInterventions(db, scope, query)
}

/** The same read from the database: Table 9's scope (a few dozen rows), and tests that check the index against it. */
export async function sqlMapInterventions(db: Kysely<Database>, scope: GapScope, query: { q?: string; filters: FacetFilters }): Promise<MapIntervention[]> {
  const inScope = () => {
    let rows = db
      .selectFrom('intervention')
      .leftJoin('report_inclusion', (j) => j.onRef('report_inclusion.intervention_id', '=', 'intervention.id').on('report_inclusion.report_id', '=', 'table-9'))
      .where(whereAll(query))
    if (scope === 'table-9') rows = rows.where('report_inclusion.report_id', 'is not', null)
    return rows
  }
  const found = await inScope()
    .select(['intervention.id', 'intervention.name', 'prevention_levels', 'grading_groups', 'clearinghouse_ids', 'best_tier', 'best_tier_rank', 'report_inclusion.group_id', 'report_inclusion.position', 'report_inclusion.name_in_report'])
    .orderBy('intervention.name')
    .execute()
  if (found.length === 0) return []
  // The needs of the same rows by subquery, not by a list of ids (one bind parameter per intervention
  // broke past 65,535), grouped once: filtering the whole list per intervention was quadratic.
  const needRows = await db
    .selectFrom('intervention_need')
    .select(['intervention_id', 'need_id', 'role'])
    .where('intervention_id', 'in', inScope().select('intervention.id'))
    .execute()
  const needsOf = new Map<string, MapIntervention['needs']>()
  for (const n of needRows) {
    let list = needsOf.get(n.intervention_id)
    if (!list) needsOf.set(n.intervention_id, (list = []))
    list.push({ need: n.need_id, role: n.role })
  }
  return found.map((r) => ({
    id: r.id,
    name: r.name,
    needs: needsOf.get(r.id) ?? [],
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

/** Calls `fn` with each row number set in both bitsets. */
function forEachBoth(a: Bits, b: Bits, fn: (i: number) => void): void {
  for (let w = 0; w < a.length; w++) {
    let x = a[w]! & b[w]!
    while (x !== 0) {
      const low = x & -x
      fn((w << 5) + (31 - Math.clz32(low)))
      x ^= low
    }
  }
}

/**
 * The whole catalogue's map rows, built once per revision from the facet index in memory (not from
 * the database: reading every intervention through the embedded database took seconds at 50,000),
 * by row number and in the catalogue's order by name. Held, because every whole-catalogue map needs
 * them: built per request, they were ~50 MB of garbage a request at 50,000 (the process's memory
 * grew by that much with each map until a full collection). Consumers never change them.
 */
async function catalogueMapRows(db: Kysely<Database>) {
  return perRevision(db, 'gap-map:catalogue', async () => {
    const [fb, inclusions] = await Promise.all([
      facetBits(db),
      db.selectFrom('report_inclusion').select(['intervention_id', 'group_id', 'position', 'name_in_report']).where('report_id', '=', 'table-9').execute(),
    ])
    const all = allBits(fb.ids.length)
    // By row number (an array, not a Map: ten lookups per intervention).
    const rows: MapIntervention[] = new Array(fb.ids.length)
    for (const i of fb.byName) rows[i] = { id: fb.ids[i]!, name: fb.names[i]!, needs: [], prevention: [], gradingGroups: [], clearinghouses: [], bestTier: '', bestTierRank: fb.rank[i]! }
    // The (need, role) pairs repeat across programmes: one object each.
    const needRole = new Map<string, MapIntervention['needs'][number]>()
    const pair = (need: string, role: 'primary' | 'secondary') => {
      let p = needRole.get(`${need}:${role}`)
      if (!p) needRole.set(`${need}:${role}`, (p = { need, role }))
      return p
    }
    for (const [need, b] of fb.bits.need) {
      const primary = fb.primaryNeed.get(need)
      forEachBoth(b, all, (i) => rows[i]!.needs.push(pair(need, primary && (primary[i >>> 5]! & (1 << (i & 31))) !== 0 ? 'primary' : 'secondary')))
    }
    for (const [v, b] of fb.bits.prevention) forEachBoth(b, all, (i) => rows[i]!.prevention.push(v))
    for (const [v, b] of fb.bits.grading) forEachBoth(b, all, (i) => rows[i]!.gradingGroups.push(v))
    for (const [v, b] of fb.bits.clearinghouse) forEachBoth(b, all, (i) => rows[i]!.clearinghouses.push(v))
    for (const [v, b] of fb.bits.tier) forEachBoth(b, all, (i) => (rows[i]!.bestTier = v))
    for (const r of inclusions) {
      const i = fb.position.get(r.intervention_id)
      const m = i === undefined ? undefined : rows[i]
      if (m && r.group_id && r.position !== null && r.name_in_report) m.report = { group: r.group_id, position: r.position, nameInReport: r.name_in_report }
    }
    return { fb, rows }
  })
}

/**
 * The whole catalogue's map rows that match the query (the same text match and filters as the
 * catalogue), listed in the catalogue's order by name, the order the SQL (`order by name`, C
 * collation) gives.
 */
async function wholeCatalogue(db: Kysely<Database>, query: { q?: string; filters: FacetFilters }, attempt = 0): Promise<MapIntervention[]> {
  const [{ fb, hits }, { fb: built, rows }] = await Promise.all([matchingRows(db, query), catalogueMapRows(db)])
  // The revision moved between the two reads: read again (a publish a moment ago), then give up.
  if (built !== fb) {
    if (attempt < 3) return wholeCatalogue(db, query, attempt + 1)
    throw new Error('the catalogue kept changing while the gap map was read')
  }
  const order: MapIntervention[] = []
  for (const i of fb.byName) if ((hits[i >>> 5]! & (1 << (i & 31))) !== 0) order.push(rows[i]!)
  return order
}
