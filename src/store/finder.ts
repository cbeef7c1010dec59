import { sql, type Kysely } from 'kysely'
import { COUNTED_SCOPES } from '../domain/assessment.ts'
import { byName, prepareFinder, type FinderGrade, type FinderIntervention } from '../domain/finder.ts'
import { bestTier, currentAssessments } from '../domain/harmonise.ts'
import type { AssessmentRow, Database } from './database.ts'
import { toTiered } from './interventions.ts'
import { perRevision } from './revision-cache.ts'

/** Programmes read at a time: one read of every grade at 50,000 programmes took ~250 MB of transient memory. */
const CHUNK = 5000

/**
 * Every live intervention, with what the finder needs to rank it and say what it is: the ones that
 * target none of the chosen needs are answered too ("not a fit", with the reason).
 */
export async function finderInterventions(db: Kysely<Database>): Promise<FinderIntervention[]> {
  const [chs, tiers] = await Promise.all([
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
  // Held for every programme until the next revision: the values that repeat across programmes
  // (needs, roles, grades' words, ages, format lists) are kept once, and a grade behind the best
  // tier is the same object in both lists (at 50,000 programmes the copies were tens of MB).
  const interned = new Map<string, unknown>()
  const intern = <T>(key: string, make: () => T): T => {
    let v = interned.get(key) as T | undefined
    if (v === undefined) interned.set(key, (v = make()))
    return v
  }
  const str = <T extends string | null>(s: T): T => (s === null ? s : intern(`s:${s}`, () => s))
  const out: FinderIntervention[] = []
  // A chunk of programmes in id order, then their needs and grades by the same id range (no list of ids to send).
  for (let after = ''; ;) {
    const rows = await db.selectFrom('intervention').select(['id', 'name', 'child_age', 'formats', 'best_tier']).where('id', '>', after).orderBy('id').limit(CHUNK).execute()
    if (rows.length === 0) break
    const [first, last] = [rows[0]!.id, rows[rows.length - 1]!.id]
    const [roles, assessments] = await Promise.all([
      db.selectFrom('intervention_need').select(['intervention_id', 'need_id', 'role']).where('intervention_id', '>=', first).where('intervention_id', '<=', last).execute(),
      db.selectFrom('assessment').selectAll().where('intervention_id', '>=', first).where('intervention_id', '<=', last).orderBy('seq').execute(),
    ])
    out.push(...chunkOf(rows, group(assessments), group(roles)))
    if (rows.length < CHUNK) break
    after = last
    await new Promise((r) => setImmediate(r)) // leave the event loop to requests
  }
  return out.sort(byName)

  function chunkOf(rows: { id: string; name: string; child_age: FinderIntervention['childAge']; formats: string[]; best_tier: string }[], assessmentsOf: Map<string, AssessmentRow[]>, rolesOf: Map<string, { intervention_id: string; need_id: string; role: 'primary' | 'secondary' }[]>) {
    return rows.map((r): FinderIntervention => {
      const tiered = (assessmentsOf.get(r.id) ?? []).map(toTiered)
      const grades = new Map<(typeof tiered)[number], FinderGrade>()
      const toGrade = (a: (typeof tiered)[number]): FinderGrade => {
        let g = grades.get(a)
        if (g) return g
        const c = ch.get(a.clearinghouse)
        g = {
          clearinghouse: str(a.clearinghouse),
          clearinghouseName: str(c?.short_name ?? a.clearinghouse),
          country: str((c?.country ?? '').toLowerCase()),
          nordic: c?.region === 'nordic',
          nativeLevel: str(a.nativeLevel),
          tier: str(a.tier),
          reviewDate: str(a.reviewDate),
          appliesTo: str(a.appliesTo),
          sourceUrl: a.source.url ?? null,
        }
        grades.set(a, g)
        return g
      }
      return {
        id: r.id,
        name: r.name,
        needs: (rolesOf.get(r.id) ?? []).map((n) => intern(`n:${n.need_id}:${n.role}`, () => ({ need: n.need_id, role: n.role }))),
        childAge: r.child_age === null ? null : intern(`a:${JSON.stringify(r.child_age)}`, () => r.child_age),
        formats: intern(`f:${r.formats.join(',')}`, () => r.formats),
        bestTier: str(r.best_tier),
        bestGrades: bestTier(tiered, tiers).basis.map(toGrade),
        currentGrades: currentAssessments(tiered).filter((a) => COUNTED_SCOPES.includes(a.scope)).map(toGrade),
      }
    })
  }
}

/** What a programme is, in words, for the finder's results shown (read per request: a page shows ten). */
export async function programmeWords(db: Kysely<Database>, ids: readonly string[]) {
  const rows = ids.length
    ? await db.selectFrom('intervention').select(['id', 'description', 'target_population', 'dosage']).where('id', '=', sql<string>`any(${[...ids]}::text[])`).execute()
    : []
  return new Map(rows.map((r) => [r.id, { description: r.description, targetPopulation: r.target_population, dosage: r.dosage }]))
}
export type ProgrammeWords = Awaited<ReturnType<typeof programmeWords>> extends Map<string, infer W> ? W : never

/**
 * What the finder ranks, read and indexed once per catalogue revision (seconds at 5,000
 * programmes): the server builds it after start, before anyone asks.
 */
export const finderCatalogue = (db: Kysely<Database>) => perRevision(db, 'finder:interventions', async () => prepareFinder(await finderInterventions(db)))
