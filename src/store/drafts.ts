import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DataIssue } from '../domain/catalogue.ts'
import { canonicalJson, sameJson } from '../domain/document-diff.ts'
import type { RecordKind } from '../domain/record-kinds.ts'
import type { Role } from '../domain/roles.ts'
import { recordAudit } from './audit.ts'
import type { Database, DraftAction } from './database.ts'
import { readDocument, validateDocument } from './documents.ts'
import { applyDocument, archiveRecord, EditorialError } from './record-writer.ts'
import { bumpRevision } from './revision.ts'

type Db = Kysely<Database>
type Tx = Transaction<Database>

export interface Actor {
  id: number
  email: string
  role: Role
}

/** Serialises every change to one record across instances (PostgreSQL) and connections. */
async function lockRecord(tx: Tx, kind: RecordKind, id: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(4711100, hashtext(${`${kind}/${id}`}))`.execute(tx)
}

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

function draftQuery(db: Db | Tx) {
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

async function latestVersion(db: Db | Tx, kind: RecordKind, id: string) {
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
    draftIsStale: draft !== undefined && !sameJson(draft.base_document ?? null, live ?? null),
  }
}

export type SaveResult =
  | { ok: true; draftId: number; revision: number }
  | { ok: false; kind: 'invalid'; issues: DataIssue[] }
  | { ok: false; kind: 'conflict'; theirs: { document: unknown; by: string; at: Date; what: 'draft' | 'published' }; token: string }

/**
 * Saves an editor's proposal as the record's open draft. The token says what the editor saw; if
 * someone saved or published since, nothing is written and the caller shows both versions.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  input: { kind: RecordKind; id: string; action: DraftAction; document: unknown; token: string; restoresVersion?: number },
): Promise<SaveResult> {
  return db.transaction().execute(async (tx) => {
    await lockRecord(tx, input.kind, input.id)
    const state = await recordState(tx, input.kind, input.id)
    if (state.token !== input.token) {
      const latest = state.draft ? undefined : await latestVersion(tx, input.kind, input.id)
      const theirs = state.draft
        ? { document: state.draft.document, by: state.draft.updated_by, at: state.draft.updated_at, what: 'draft' as const }
        : { document: state.live ?? null, by: latest?.published_by ?? 'catalogue load', at: latest?.published_at ?? new Date(0), what: 'published' as const }
      return { ok: false, kind: 'conflict', theirs, token: state.token }
    }
    let action = input.action
    if (action === 'update' && state.live === undefined) action = 'create'
    if (action === 'create' && state.live !== undefined) return { ok: false, kind: 'invalid', issues: [{ file: `${input.kind}/${input.id}`, path: 'id', message: `"${input.id}" already exists` }] }
    if (action === 'archive' && state.live === undefined) return { ok: false, kind: 'invalid', issues: [{ file: `${input.kind}/${input.id}`, path: '', message: 'there is no published record to archive' }] }
    let document = input.document
    if (action !== 'archive') {
      const v = await validateDocument(tx, input.kind, input.id, input.document)
      if (!v.ok) return { ok: false, kind: 'invalid', issues: v.issues }
      document = v.doc
    } else document = state.live
    const base = JSON.stringify(state.live ?? null)
    let draftId: number
    let revision: number
    if (state.draft) {
      const row = await tx
        .updateTable('draft')
        .set((eb) => ({ document: JSON.stringify(document), action, base_document: base, revision: eb('revision', '+', 1), updated_by: actor.id, updated_at: new Date(), restores_version: input.restoresVersion ?? null }))
        .where('id', '=', state.draft.id)
        .returning(['id', 'revision'])
        .executeTakeFirstOrThrow()
      ;({ id: draftId, revision } = row)
    } else {
      const row = await tx
        .insertInto('draft')
        .values({ kind: input.kind, record_id: input.id, action, document: JSON.stringify(document), base_document: base, author_id: actor.id, updated_by: actor.id, restores_version: input.restoresVersion ?? null, decided_by: null, decided_at: null, decision_note: null })
        .returning(['id', 'revision'])
        .executeTakeFirstOrThrow()
      ;({ id: draftId, revision } = row)
    }
    await recordAudit(tx, {
      actor: actor.email, action: `draft.${action}`, kind: input.kind, recordId: input.id, before: state.draft?.document ?? state.live ?? null, after: document,
      note: `draft #${draftId} revision ${revision}${input.restoresVersion ? `, restoring version ${input.restoresVersion}` : ''}`,
    })
    return { ok: true, draftId, revision }
  })
}

/** Loads an open draft for a decision, checking the reviewer decides on what they saw. */
async function openDraftForDecision(tx: Tx, draftId: number, revision: number) {
  const draft = await getDraft(tx, draftId)
  if (!draft) throw new EditorialError('There is no such draft.', 404)
  await lockRecord(tx, draft.kind as RecordKind, draft.record_id)
  const now = await tx.selectFrom('draft').select(['status', 'revision']).where('id', '=', draftId).forUpdate().executeTakeFirstOrThrow()
  if (now.status !== 'open') throw new EditorialError(`This draft was already ${now.status}.`)
  if (now.revision !== revision) throw new EditorialError(`This draft was changed (now revision ${now.revision}) after you opened revision ${revision}; look at it again before deciding.`)
  return draft
}

/**
 * Publishes a draft: the record goes live, a new version is kept, the audit trail gets before and
 * after, and the catalogue revision moves so every instance's cache renews.
 */
export async function publishDraft(db: Db, actor: Actor, draftId: number, revision: number): Promise<{ version: number }> {
  return db.transaction().execute(async (tx) => {
    const draft = await openDraftForDecision(tx, draftId, revision)
    // The two-person rule, checked against who wrote this draft (recorded with it), not against the
    // publisher's role today: an editor made reviewer later still cannot publish their own words.
    const writers = await tx.selectFrom('draft').select(['author_id', 'updated_by']).where('id', '=', draft.id).executeTakeFirstOrThrow()
    if (writers.author_id === actor.id || writers.updated_by === actor.id)
      throw new EditorialError('You wrote this draft; another person must publish it (two-person rule).', 403)
    const kind = draft.kind as RecordKind
    const live = await readDocument(tx, kind, draft.record_id)
    if (!sameJson(live ?? null, draft.base_document ?? null))
      throw new EditorialError('The published record has changed since this draft was begun (another publish, or the monitor). The editor must open it again and save it over the current version.')
    if (draft.action !== 'archive') {
      const v = await validateDocument(tx, kind, draft.record_id, draft.document)
      if (!v.ok) throw new EditorialError(`The draft no longer fits the catalogue: ${v.issues.map((i) => `${i.path || '(record)'}: ${i.message}`).join('; ')}`)
    }
    // The first edit of a loaded record keeps what was loaded as version 1.
    let latest = await latestVersion(tx, kind, draft.record_id)
    if (!latest && live !== undefined) {
      const loadedAt = await tx.selectFrom('catalogue_meta').select('value').where('key', '=', 'loaded_at').executeTakeFirst()
      await tx.insertInto('record_version').values({ kind, record_id: draft.record_id, version: 1, action: 'load', document: JSON.stringify(live), published_by: 'catalogue load', published_at: loadedAt ? new Date(loadedAt.value as string) : new Date(), draft_id: null }).execute()
      latest = await latestVersion(tx, kind, draft.record_id)
    }
    if (draft.action === 'archive') await archiveRecord(tx, kind, draft.record_id)
    else await applyDocument(tx, kind, draft.document)
    const version = (latest?.version ?? 0) + 1
    const action = draft.restores_version ? 'restore' : draft.action
    await tx.insertInto('record_version').values({ kind, record_id: draft.record_id, version, action, document: JSON.stringify(draft.document), published_by: actor.email, draft_id: draft.id }).execute()
    await tx.updateTable('draft').set({ status: 'published', decided_by: actor.id, decided_at: new Date() }).where('id', '=', draft.id).execute()
    await recordAudit(tx, {
      actor: actor.email, action: `publish.${action}`, kind, recordId: draft.record_id, before: live ?? null, after: draft.action === 'archive' ? null : draft.document,
      note: `draft #${draft.id} by ${draft.author}, version ${version}${draft.restores_version ? ` (restores version ${draft.restores_version})` : ''}`,
    })
    await bumpRevision(tx)
    return { version }
  })
}

export async function rejectDraft(db: Db, actor: Actor, draftId: number, revision: number, note: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const draft = await openDraftForDecision(tx, draftId, revision)
    await tx.updateTable('draft').set({ status: 'rejected', decided_by: actor.id, decided_at: new Date(), decision_note: note || null }).where('id', '=', draft.id).execute()
    await recordAudit(tx, { actor: actor.email, action: 'draft.reject', kind: draft.kind, recordId: draft.record_id, before: draft.document, note: note || undefined })
  })
}

/** An editor takes back an open draft; it stays in the record's history as withdrawn. */
export async function withdrawDraft(db: Db, actor: Actor, draftId: number, revision: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const draft = await openDraftForDecision(tx, draftId, revision)
    await tx.updateTable('draft').set({ status: 'withdrawn', decided_by: actor.id, decided_at: new Date() }).where('id', '=', draft.id).execute()
    await recordAudit(tx, { actor: actor.email, action: 'draft.withdraw', kind: draft.kind, recordId: draft.record_id, before: draft.document })
  })
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
