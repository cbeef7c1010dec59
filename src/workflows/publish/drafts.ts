import { sql, type Insertable, type Transaction } from 'kysely'
import type { DataIssue } from '../../domain/catalogue.ts'
import { draftIsStale } from '../../domain/document-diff.ts'
import { EditorialError } from '../../domain/errors.ts'
import type { RecordKind } from '../../domain/record-kinds.ts'
import type { Actor } from '../../domain/roles.ts'
import { recordAudit } from '../../store/audit.ts'
import type { Database, Db, DraftAction, RecordVersionTable } from '../../store/database.ts'
import { readDocument } from '../../store/documents.ts'
import { draftQuery, latestVersion, recordState, versionBase } from '../../store/drafts.ts'
import { bumpRevision, changeCatalogue } from '../../store/revision.ts'
import { validateDocument } from './validate.ts'
import { applyDocument, archiveRecord } from './write-record.ts'

type Tx = Transaction<Database>

/** Serialises every change to one record across instances (PostgreSQL) and connections. */
async function lockRecord(tx: Tx, kind: RecordKind, id: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(4711100, hashtext(${`${kind}/${id}`}))`.execute(tx)
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

/**
 * Loads an open draft for a decision, checking the reviewer decides on what they saw. Two
 * statements: the record's lock taken through the draft's own row (so the record is known before
 * anything is read that a concurrent save could change), then the draft read under that lock.
 */
async function openDraftForDecision(tx: Tx, draftId: number, revision: number) {
  const locked = await sql<{ kind: string }>`
    select kind, pg_advisory_xact_lock(4711100, hashtext(kind || '/' || record_id)) from draft where id = ${draftId}`.execute(tx)
  if (locked.rows.length === 0) throw new EditorialError('There is no such draft.', 404)
  const draft = await draftQuery(tx).select(['draft.author_id', 'draft.updated_by as updated_by_id']).where('draft.id', '=', draftId).forUpdate('draft').executeTakeFirstOrThrow()
  if (draft.status !== 'open') throw new EditorialError(`This draft was already ${draft.status}.`)
  if (draft.revision !== revision) throw new EditorialError(`This draft was changed (now revision ${draft.revision}) after you opened revision ${revision}; look at it again before deciding.`)
  return draft
}

/**
 * Publishes a draft: the record goes live, a new version is kept, the audit trail gets before and
 * after, and the catalogue revision moves so every instance's cache renews. At most 15 statements
 * for an intervention (a test counts them): the draft and the record it replaces are read once, its
 * references once (for the check and for the write), and each table is written once.
 */
export async function publishDraft(db: Db, actor: Actor, draftId: number, revision: number): Promise<{ version: number }> {
  return changeCatalogue(db, async (tx) => {
    const draft = await openDraftForDecision(tx, draftId, revision)
    // The two-person rule, checked against who wrote this draft (recorded with it), not against the
    // publisher's role today: an editor made reviewer later still cannot publish their own words.
    if (draft.author_id === actor.id || draft.updated_by_id === actor.id)
      throw new EditorialError('You wrote this draft; another person must publish it (two-person rule).', 403)
    const kind = draft.kind as RecordKind
    const live = await readDocument(tx, kind, draft.record_id)
    if (draftIsStale(draft, live))
      throw new EditorialError('The published record has changed since this draft was begun (another publish, or the monitor). The editor must open it again and save it over the current version.')
    let refs
    if (draft.action !== 'archive') {
      const v = await validateDocument(tx, kind, draft.record_id, draft.document)
      if (!v.ok) throw new EditorialError(`The draft no longer fits the catalogue: ${v.issues.map((i) => `${i.path || '(record)'}: ${i.message}`).join('; ')}`)
      refs = v.refs
    }
    // The first edit of a loaded record keeps what was loaded as version 1 (written with the new one).
    const latest = await versionBase(tx, kind, draft.record_id)
    const versions: Insertable<RecordVersionTable>[] = []
    if (latest.version === null && live !== undefined)
      versions.push({ kind, record_id: draft.record_id, version: 1, action: 'load' as const, document: JSON.stringify(live), published_by: 'catalogue load', published_at: latest.loadedAt ? new Date(latest.loadedAt) : new Date(), draft_id: null })
    if (draft.action === 'archive') await archiveRecord(tx, kind, draft.record_id)
    else await applyDocument(tx, kind, draft.document, refs)
    const version = (latest.version ?? (live !== undefined ? 1 : 0)) + 1
    const action = draft.restores_version ? 'restore' : draft.action
    versions.push({ kind, record_id: draft.record_id, version, action, document: JSON.stringify(draft.document), published_by: actor.email, published_at: new Date(), draft_id: draft.id })
    await tx.insertInto('record_version').values(versions).execute()
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
