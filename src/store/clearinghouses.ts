import { sql, type Kysely } from 'kysely'
import { currentAssessments } from '../domain/harmonise.ts'
import type { Database } from './database.ts'
import { toTiered } from './interventions.ts'
import { perRevision } from './revision-cache.ts'

/** Every clearinghouse with its scales, each level's harmonised tier and the rationale. */
export async function listClearinghouses(db: Kysely<Database>) {
  const [chs, scales, levels, tiers, counts] = await Promise.all([
    db.selectFrom('clearinghouse').selectAll().orderBy('position').execute(),
    db.selectFrom('rating_scale').selectAll().orderBy('position').execute(),
    db.selectFrom('scale_level').selectAll().orderBy('position').execute(),
    db.selectFrom('tier').select(['id', 'label']).execute(),
    // Counting every grade takes a second at 50,000 interventions; the counts change only on publish.
    perRevision(db, 'clearinghouse-grade-counts', () => db.selectFrom('assessment').select(['clearinghouse_id', sql<number>`count(*)::int`.as('n')]).groupBy('clearinghouse_id').execute()),
  ])
  const tierLabel = new Map(tiers.map((t) => [t.id, t.label]))
  const countOf = new Map(counts.map((c) => [c.clearinghouse_id, c.n]))
  return chs.map((c) => ({
    id: c.id,
    name: c.name,
    shortName: c.short_name,
    country: c.country,
    region: c.region,
    kind: c.kind,
    url: c.url,
    status: c.status,
    description: c.description,
    notes: c.notes,
    source: c.source,
    assessmentCount: countOf.get(c.id) ?? 0,
    scales: scales
      .filter((s) => s.clearinghouse_id === c.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        inUseFrom: s.in_use_from,
        inUseUntil: s.in_use_until,
        note: s.note,
        source: s.source,
        levels: levels
          .filter((l) => l.clearinghouse_id === c.id && l.scale_id === s.id)
          .map((l) => ({ id: l.id, nativeName: l.native_name, gloss: l.gloss, tier: l.tier_id, tierLabel: tierLabel.get(l.tier_id) ?? l.tier_id, rationale: l.rationale })),
      })),
  }))
}

export async function listTiers(db: Kysely<Database>) {
  return db.selectFrom('tier').selectAll().orderBy('rank').execute()
}

/** Grades shown on a clearinghouse's page at a time: the page stays small (~25 KB) at any catalogue size. */
export const GRADED_PAGE_SIZE = 100

/** Each intervention's grades from one clearinghouse, latest first within an intervention, a page at a time. */

export async function gradesFromClearinghouse(db: Kysely<Database>, clearinghouseId: string, page = 1) {
  const rows = await db
    .selectFrom('assessment')
    .innerJoin('intervention', 'intervention.id', 'assessment.intervention_id')
    .select(['intervention.id', 'intervention.name', 'assessment.native_level', 'assessment.tier_id', 'assessment.review_date', 'assessment.scope', 'assessment.seq', sql<number>`count(*) over ()::int`.as('total')])
    .where('assessment.clearinghouse_id', '=', clearinghouseId)
    .orderBy('intervention.name')
    .orderBy('assessment.seq', 'desc')
    .limit(GRADED_PAGE_SIZE)
    .offset((page - 1) * GRADED_PAGE_SIZE)
    .execute()
  const total = rows[0]?.total ?? (page > 1 ? (await db.selectFrom('assessment').select(sql<number>`count(*)::int`.as('n')).where('clearinghouse_id', '=', clearinghouseId).executeTakeFirstOrThrow()).n : 0)
  return { total, page, pageSize: GRADED_PAGE_SIZE, graded: rows.map((r) => ({ id: r.id, name: r.name, nativeLevel: r.native_level, tier: r.tier_id, reviewDate: r.review_date, scope: r.scope })) }
}

/** How many current grades each clearinghouse gives at each tier (earlier, superseded grades left out). */
export async function currentGradesByTier(db: Kysely<Database>) {
  const [rows, chs] = await Promise.all([
    db.selectFrom('assessment').selectAll().orderBy('intervention_id').orderBy('seq').execute(),
    db.selectFrom('clearinghouse').select(['id', 'short_name']).orderBy('position').execute(),
  ])
  const byIntervention = new Map<string, typeof rows>()
  for (const r of rows) byIntervention.set(r.intervention_id, [...(byIntervention.get(r.intervention_id) ?? []), r])
  const counts = new Map<string, number>()
  for (const list of byIntervention.values())
    for (const a of currentAssessments(list.map(toTiered))) counts.set(`${a.clearinghouse}\u0000${a.tier}`, (counts.get(`${a.clearinghouse}\u0000${a.tier}`) ?? 0) + 1)
  const name = new Map(chs.map((c) => [c.id, c.short_name]))
  return [...counts.entries()]
    .map(([k, n]) => {
      const [clearinghouse, tier] = k.split('\u0000') as [string, string]
      return { clearinghouseId: clearinghouse, clearinghouse: name.get(clearinghouse) ?? clearinghouse, tier, n }
    })
    .sort((a, b) => chs.findIndex((c) => c.id === a.clearinghouseId) - chs.findIndex((c) => c.id === b.clearinghouseId))
}
