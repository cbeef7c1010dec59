import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import { canonicalJson, draftIsStale } from '../domain/document-diff.ts'
import type { RecordKind } from '../domain/record-kinds.ts'
import type { Database } from './database.ts'
import { readDocument } from './documents.ts'

type Db = Kysely<Database>

type Tx = Transaction<Database>

/**
 * What an editor's form was based on: the open draft (and its revision) and the published record.
 * A save carries it back; if either has moved on, the save is a conflict, never an overwrite.
 */
export function editToken(draft: { id: number; revision: number } | undefined, live: unknown): string {
  const h = createHash('sha256').update(canonicalJson(live ?? null)).digest('hex').slice(0, 16)
  return `${draft?.id ?? 0}.${draft?.revision ?? 0}.${h}`
}

export interface RecordState {
  live: unknown | undefined
  draft: DraftView | undefined
  archived: { version: number; document: unknown } | undefined
  token: string
  /** The published record changed after the open draft was begun (a publish, the monitor). */
  draftIsStale: boolean
}

export type DraftView = Awaited<ReturnType<typeof listDrafts>>[number]

const draftColumns = [
  'draft.id', 'draft.kind', 'draft.record_id', 'draft.action', 'draft.document', 'draft.base_document', 'draft.revision', 'draft.restores_version',
  'draft.status', 'draft.created_at', 'draft.updated_at', 'draft.decided_at', 'draft.decision_note',
  'author.email as author', 'editor.email as updated_by',
] as const

export function draftQuery(db: Db | Tx) {
  return db
    .selectFrom('draft')
    .innerJoin('app_user as author', 'author.id', 'draft.author_id')
    .innerJoin('app_user as editor', 'editor.id', 'draft.updated_by')
    .leftJoin('app_user as decider', 'decider.id', 'draft.decided_by')
    .select([...draftColumns, 'decider.email as decided_by'])
}

export async function listDrafts(db: Db | Tx, q: { status?: 'open' | 'published' | 'rejected' | 'withdrawn'; kind?: RecordKind; recordId?: string } = {}) {
  let query = draftQuery(db).orderBy('draft.updated_at', 'desc').orderBy('draft.id', 'desc').limit(200)
  if (q.status) query = query.where('draft.status', '=', q.status)
  if (q.kind) query = query.where('draft.kind', '=', q.kind)
  if (q.recordId) query = query.where('draft.record_id', '=', q.recordId)
  return query.execute()
}

export async function getDraft(db: Db | Tx, id: number) {
  return draftQuery(db).where('draft.id', '=', id).executeTakeFirst()
}

export async function latestVersion(db: Db | Tx, kind: RecordKind, id: string) {
  return db.selectFrom('record_version').selectAll().where('kind', '=', kind).where('record_id', '=', id).orderBy('version', 'desc').executeTakeFirst()
}

export async function recordState(db: Db | Tx, kind: RecordKind, id: string): Promise<RecordState> {
  const [live, drafts, latest] = await Promise.all([readDocument(db, kind, id), listDrafts(db, { status: 'open', kind, recordId: id }), latestVersion(db, kind, id)])
  const draft = drafts[0]
  return {
    live,
    draft,
    archived: live === undefined && latest?.action === 'archive' ? { version: latest.version, document: latest.document } : undefined,
    token: editToken(draft, live),
    draftIsStale: draft !== undefined && draftIsStale(draft, live),
  }
}

export async function listVersions(db: Db, kind: RecordKind, id: string) {
  return db.selectFrom('record_version').select(['version', 'action', 'published_by', 'published_at', 'draft_id']).where('kind', '=', kind).where('record_id', '=', id).orderBy('version', 'desc').execute()
}

export async function getVersion(db: Db, kind: RecordKind, id: string, version: number) {
  return db.selectFrom('record_version').selectAll().where('kind', '=', kind).where('record_id', '=', id).where('version', '=', version).executeTakeFirst()
}

/** Archived records: their last published version was an archive. */
export async function listArchived(db: Db) {
  const rows = await sql<{ kind: string; record_id: string; version: number; published_by: string; published_at: Date }>`
    select distinct on (kind, record_id) kind, record_id, version, action, published_by, published_at
    from record_version order by kind, record_id, version desc`.execute(db)
  return rows.rows.filter((r) => (r as unknown as { action: string }).action === 'archive')
}

/** The latest version number of a record (null before its first edit) and when the catalogue was loaded, in one statement. */
export async function versionBase(db: Db | Tx, kind: RecordKind, id: string): Promise<{ version: number | null; loadedAt: string | null }> {
  const { rows } = await sql<{ version: number | null; loaded_at: string | null }>`
    select (select max(version) from record_version where kind = ${kind} and record_id = ${id}) as version,
           (select value #>> '{}' from catalogue_meta where key = 'loaded_at') as loaded_at`.execute(db)
  return { version: rows[0]?.version ?? null, loadedAt: rows[0]?.loaded_at ?? null }
}
