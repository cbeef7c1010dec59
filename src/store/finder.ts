import type { Kysely } from 'kysely'
import { COUNTED_SCOPES } from '../domain/assessment.ts'
import { byName, prepareFinder, type FinderGrade, type FinderIntervention } from '../domain/finder.ts'
import { bestTier, currentAssessments } from '../domain/harmonise.ts'
import type { Database } from './database.ts'
import { toTiered } from './interventions.ts'
import { perRevision } from './revision-cache.ts'

/**
 * Every live intervention, with what the finder needs to rank it and say what it is: the ones that
 * target none of the chosen needs are answered too ("not a fit", with the reason).
 */
export async function finderInterventions(db: Kysely<Database>): Promise<FinderIntervention[]> {
  const rows = await db
    .selectFrom('intervention')
    .select(['id', 'name', 'description', 'target_population', 'dosage', 'child_age', 'formats', 'best_tier'])
    .orderBy('id')
    .execute()
  if (rows.length === 0) return []
  // Every row of both tables belongs to an intervention (foreign key, on delete cascade): read them
  // whole. Filtering by the list of ids sent 5,000 parameters twice and cost over a second to plan.
  const [roles, assessments, chs, tiers] = await Promise.all([
    db.selectFrom('intervention_need').select(['intervention_id', 'need_id', 'role']).execute(),
    db.selectFrom('assessment').selectAll().orderBy('seq').execute(),
    db.selectFrom('clearinghouse').select(['id', 'name', 'short_name', 'country', 'region']).execute(),
    db.selectFrom('tier').selectAll().execute(),
  ])
  const ch = new Map(chs.map((c) => [c.id, c]))
  // Grouped once (the order within each group kept): filtering the whole list per intervention was quadratic.
  const group = <T extends { intervention_id: string }>(xs: T[]) => {
    const m = new Map<string, T[]>()
    for (const x of xs) {
      const list = m.get(x.intervention_id)
      if (list) list.push(x)
      else m.set(x.intervention_id, [x])
    }
    return m
  }
  const assessmentsOf = group(assessments)
  const rolesOf = group(roles)
  const interventions = rows.map((r): FinderIntervention => {
    const tiered = (assessmentsOf.get(r.id) ?? []).map(toTiered)
    const toGrade = (a: (typeof tiered)[number]): FinderGrade => {
      const c = ch.get(a.clearinghouse)
      return {
        clearinghouse: a.clearinghouse,
        clearinghouseName: c?.short_name ?? a.clearinghouse,
        country: (c?.country ?? '').toLowerCase(),
        nordic: c?.region === 'nordic',
        nativeLevel: a.nativeLevel,
        tier: a.tier,
        reviewDate: a.reviewDate,
        appliesTo: a.appliesTo,
        sourceUrl: a.source.url ?? null,
      }
    }
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      targetPopulation: r.target_population,
      dosage: r.dosage,
      needs: (rolesOf.get(r.id) ?? []).map((n) => ({ need: n.need_id, role: n.role })),
      childAge: r.child_age,
      formats: r.formats,
      bestTier: r.best_tier,
      bestGrades: bestTier(tiered, tiers).basis.map(toGrade),
      currentGrades: currentAssessments(tiered).filter((a) => COUNTED_SCOPES.includes(a.scope)).map(toGrade),
    }
  })
  // In name order once per revision (stable: equal names stay in id order), so that the answer's
  // lists by name come out sorted and sorting them per request costs one pass, not n log n comparisons.
  return interventions.sort(byName)
}

/**
 * What the finder ranks, read and indexed once per catalogue revision (seconds at 5,000
 * programmes): the server builds it after start, before anyone asks.
 */
export const finderCatalogue = (db: Kysely<Database>) => perRevision(db, 'finder:interventions', async () => prepareFinder(await finderInterventions(db)))
