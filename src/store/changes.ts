import { sql, type Kysely, type SqlBool } from 'kysely'
import { type Match } from '../domain/matching.ts'
import type { ChangeEvent } from '../domain/snapshot.ts'
import type { Database } from './database.ts'

export interface StoredEvent extends ChangeEvent {
  id: number
  clearinghouse: string
  intervention: string | null
  match: Match['kind']
  retrievedAt: string
}

export interface ChangeQuery {
  clearinghouse?: string[]
  need?: string[]
  kind?: string[]
  intervention?: string[]
  page: number
  pageSize: number
}

/** Change events, newest first, with the filters of /changes. */
export async function listChanges(db: Kysely<Database>, q: ChangeQuery) {
  let base = db.selectFrom('change_event').where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'change_event.snapshot_id')))).leftJoin('intervention', 'intervention.id', 'change_event.intervention_id').innerJoin('clearinghouse', 'clearinghouse.id', 'change_event.clearinghouse_id')
  if (q.clearinghouse?.length) base = base.where('change_event.clearinghouse_id', 'in', q.clearinghouse)
  if (q.kind?.length) base = base.where('change_event.kind', 'in', q.kind as ('added' | 'delisted')[])
  if (q.need?.length) base = base.where(sql<SqlBool>`intervention.need_ids && ${q.need}::text[]`)
  if (q.intervention?.length) base = base.where('change_event.intervention_id', 'in', q.intervention)
  const [rows, count] = await Promise.all([
    base
      .select(['change_event.id', 'change_event.kind', 'change_event.name', 'change_event.record_key', 'change_event.intervention_id', 'change_event.match_kind', 'change_event.before', 'change_event.after', 'change_event.direction', 'change_event.changed_fields', 'change_event.retrieved_at', 'change_event.created_at', 'change_event.snapshot_id', 'change_event.page_version_id', 'change_event.clearinghouse_id', 'clearinghouse.short_name', 'intervention.name as intervention_name'])
      .orderBy('change_event.retrieved_at', 'desc')
      .orderBy('change_event.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    total: count.n,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      clearinghouse: r.clearinghouse_id,
      clearinghouseName: r.short_name,
      name: r.name,
      recordKey: r.record_key,
      intervention: r.intervention_id,
      interventionName: r.intervention_name,
      match: r.match_kind,
      before: r.before,
      after: r.after,
      direction: r.direction,
      changedFields: r.changed_fields,
      retrievedAt: r.retrieved_at,
      recordedAt: new Date(r.created_at).toISOString(),
      snapshot: r.snapshot_id,
      pageVersion: r.page_version_id,
    })),
  }
}

/** Names of interventions by id, archived ones included (a change may concern a programme since archived). */
export async function interventionNames(db: Kysely<Database>, ids: string[]): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('intervention_row').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute()
}

/** The latest snapshots imported, withdrawn ones marked, for the editorial imports page. */
export async function recentSnapshots(db: Kysely<Database>, limit = 20) {
  return db
    .selectFrom('snapshot')
    .leftJoin('snapshot_withdrawal as w', 'w.snapshot_id', 'snapshot.id')
    .select(['id', 'clearinghouse_id', 'file_name', 'retrieved_at', 'imported_at', 'imported_by', 'record_count', 'w.withdrawn_by', 'w.reason as withdrawn_reason'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Every live intervention's name by id (the review queue names the programmes a finding concerns). */
export async function interventionNameMap(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('intervention').select(['id', 'name']).execute()).map((n) => [n.id, n.name]))
}
