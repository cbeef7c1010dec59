import { sql, type Kysely } from 'kysely'
import type { Database } from './database.ts'

/**
 * What the monitor found and a person must confirm: records of the latest snapshots that were
 * only fuzzily matched, and grade changes of matched interventions.
 */
export async function pendingMatches(db: Kysely<Database>) {
  return db
    .selectFrom('snapshot_record as r')
    .innerJoin('snapshot as s', 's.id', 'r.snapshot_id')
    .select(['s.id as snapshot_id', 's.clearinghouse_id', 's.retrieved_at', 's.file_name', 'r.key', 'r.line', 'r.name', 'r.url', 'r.native_level', 'r.suggestions'])
    .where('r.match_kind', '=', 'suggested')
    .where(sql<boolean>`s.id = (select s2.id from snapshot s2 where s2.clearinghouse_id = s.clearinghouse_id and not exists (select 1 from snapshot_withdrawal w where w.snapshot_id = s2.id) order by s2.retrieved_at desc, s2.id desc limit 1)`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('monitor_decision as d').select('d.record_key').whereRef('d.clearinghouse_id', '=', 's.clearinghouse_id').whereRef('d.record_key', '=', 'r.key').where('d.change_event_id', 'is', null))))
    .orderBy('s.clearinghouse_id').orderBy('r.line')
    .execute()
}

export async function pendingGradeChanges(db: Kysely<Database>) {
  return db
    .selectFrom('change_event as e')
    .select(['e.id', 'e.clearinghouse_id', 'e.name', 'e.intervention_id', 'e.before', 'e.after', 'e.direction', 'e.retrieved_at', 'e.assessment_id'])
    .where('e.kind', '=', 'grade-changed')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'e.snapshot_id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('monitor_decision as d').select('d.change_event_id').whereRef('d.change_event_id', '=', 'e.id'))))
    .orderBy('e.id', 'desc')
    .execute()
}

export async function countPendingFindings(db: Kysely<Database>): Promise<number> {
  const [m, c, w] = await Promise.all([
    pendingMatches(db),
    pendingGradeChanges(db),
    db.selectFrom('watch_finding').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'open').executeTakeFirstOrThrow(),
  ])
  return m.length + c.length + w.n
}
