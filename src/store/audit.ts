import type { Kysely, Transaction } from 'kysely'
import type { Database } from './database.ts'

export interface AuditInput {
  actor: string
  action: string
  kind?: string
  recordId?: string
  before?: unknown
  after?: unknown
  note?: string
}

/** Appends to the audit trail, in the same transaction as the change it describes. */
export async function recordAudit(tx: Kysely<Database> | Transaction<Database>, e: AuditInput): Promise<void> {
  await tx
    .insertInto('audit_event')
    .values({
      actor: e.actor, action: e.action, kind: e.kind ?? null, record_id: e.recordId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before), after: e.after === undefined ? null : JSON.stringify(e.after), note: e.note ?? null,
    })
    .execute()
}

export async function listAudit(db: Kysely<Database>, q: { kind?: string; recordId?: string; limit?: number; before?: number } = {}) {
  let query = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(q.limit ?? 100)
  if (q.kind) query = query.where('kind', '=', q.kind)
  if (q.recordId) query = query.where('record_id', '=', q.recordId)
  if (q.before) query = query.where('id', '<', q.before)
  return query.execute()
}
