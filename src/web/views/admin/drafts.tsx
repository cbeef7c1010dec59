import { diffDocuments } from '../../../domain/document-diff.ts'
import { KIND_LABELS, type RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import type { DraftView } from '../../../store/drafts.ts'
import { DiffTable } from './diff.tsx'
import { AdminLayout, PostForm, type AdminContext, utc } from './layout.tsx'

const when = utc

export function DraftListPage({ ctx, drafts, status }: { ctx: AdminContext; drafts: DraftView[]; status: string }) {
  const tabs = ['open', 'published', 'rejected', 'withdrawn']
  return (
    <AdminLayout ctx={ctx} title="Drafts">
      <h1>Drafts</h1>
      <nav aria-label="Draft status"><ul class="inline-list">{tabs.map((t) => <li><a href={`/admin/drafts?status=${t}`} aria-current={t === status ? 'page' : undefined}>{t}</a></li>)}</ul></nav>
      {drafts.length === 0 ? <p>No {status} drafts.</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">{status} drafts</caption>
            <thead><tr><th scope="col">Draft</th><th scope="col">Record</th><th scope="col">Change</th><th scope="col">By</th><th scope="col">Saved</th></tr></thead>
            <tbody>
              {drafts.map((d) => (
                <tr>
                  <td data-label="Draft"><a href={`/admin/drafts/${d.id}`}>#{d.id}</a></td>
                  <td data-label="Record">{KIND_LABELS[d.kind as RecordKind]?.one} <code>{d.record_id}</code></td>
                  <td data-label="Change">{d.action}{d.restores_version ? ` (restores version ${d.restores_version})` : ''}</td>
                  <td data-label="By">{d.author}</td>
                  <td data-label="Saved">{when(d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  )
}

export function DraftPage({ ctx, draft, live, stale, error }: { ctx: AdminContext; draft: DraftView; live: unknown; stale: boolean; error?: string }) {
  const kind = draft.kind as RecordKind
  const open = draft.status === 'open'
  const after = draft.action === 'archive' ? null : draft.document
  return (
    <AdminLayout ctx={ctx} title={`Draft #${draft.id}`}>
      <h1>Draft #{draft.id}: {draft.action} {KIND_LABELS[kind].one} <code>{draft.record_id}</code></h1>
      {error ? <div class="error-summary" role="alert" tabindex={-1}><h2>There is a problem</h2><p>{error}</p></div> : null}
      <dl class="meta">
        <dt>Status</dt><dd>{draft.status}{draft.decided_by ? ` by ${draft.decided_by}, ${when(draft.decided_at)}` : ''}{draft.decision_note ? ` — “${draft.decision_note}”` : ''}</dd>
        <dt>Begun by</dt><dd>{draft.author}, {when(draft.created_at)}</dd>
        <dt>Last saved by</dt><dd>{draft.updated_by}, {when(draft.updated_at)} (revision {draft.revision})</dd>
        {draft.restores_version ? <><dt>Restores</dt><dd>version {draft.restores_version}</dd></> : null}
      </dl>
      <p><a href={`/admin/records/${kind}/${draft.record_id}`}>The record</a> · <a href={`/admin/records/${kind}/${draft.record_id}/history`}>its history</a></p>
      {open && stale ? <div class="notice notice--warning"><p>The published record has changed since this draft was begun. It cannot be published until an editor saves it again over the current version.</p></div> : null}
      {draft.action === 'archive' ? <p><strong>This draft archives the record:</strong> it will be hidden from the public; every version is kept.</p> : null}
      <DiffTable changes={diffDocuments(open ? live ?? null : draft.base_document, after)} beforeLabel="Published" afterLabel="Draft" caption={open ? 'What publishing changes' : 'What this draft changed'} />
      {open ? (
        <div class="actions">
          {can(ctx.user!.role, 'review') ? (
            <>
              <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/publish`}>
                <input type="hidden" name="revision" value={String(draft.revision)} />
                <button type="submit">Publish</button>
              </PostForm>
              <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/reject`}>
                <input type="hidden" name="revision" value={String(draft.revision)} />
                <div class="field">
                  <label for="note">Why it is rejected (optional)</label>
                  <input type="text" id="note" name="note" maxLength={500} />
                </div>
                <button type="submit" class="button--secondary">Reject</button>
              </PostForm>
            </>
          ) : null}
          {can(ctx.user!.role, 'edit') ? (
            <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/withdraw`}>
              <input type="hidden" name="revision" value={String(draft.revision)} />
              <button type="submit" class="button--secondary">Withdraw this draft</button>
            </PostForm>
          ) : null}
        </div>
      ) : null}
    </AdminLayout>
  )
}
