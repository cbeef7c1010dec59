import type { Kysely, Transaction } from 'kysely'
import { deriveColumns } from '../domain/derived.ts'
import type { Database } from './database.ts'
import { toTiered } from './interventions.ts'

/** Recomputes an intervention's derived columns (best tier, grading groups…) from what the database holds. */
export async function refreshDerived(db: Kysely<Database> | Transaction<Database>, interventionId: string): Promise<void> {
  const [assessments, chs, tiers] = await Promise.all([
    db.selectFrom('assessment').selectAll().where('intervention_id', '=', interventionId).orderBy('seq').execute(),
    db.selectFrom('clearinghouse').select(['id', 'region']).execute(),
    db.selectFrom('tier').selectAll().execute(),
  ])
  const region = new Map(chs.map((c) => [c.id, c.region]))
  const derived = deriveColumns(assessments.map(toTiered), (id) => region.get(id), tiers)
  await db.updateTable('intervention').set(derived).where('id', '=', interventionId).execute()
}
