import { diffDocuments } from '../../../domain/document-diff.ts'
import type { RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import type { DraftView } from '../../../store/drafts.ts'
import { DiffTable } from '../diff.tsx'
import { AdminLayout, codeName, English, kindName, PostForm, type AdminContext, utc } from '../layout.tsx'

const when = utc

export function DraftListPage({ ctx, drafts, status }: { ctx: AdminContext; drafts: DraftView[]; status: string }) {
  const { tr } = ctx
  const tabs = ['open', 'published', 'rejected', 'withdrawn']
  const statusName = codeName(ctx, 'admin.drafts.tab', status)
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.drafts.title')}>
      <h1>{tr.t('admin.drafts.title')}</h1>
      <nav aria-label={tr.t('admin.drafts.statusNav')}><ul class="inline-list">{tabs.map((t) => <li><a href={ctx.href('/admin/drafts', { status: t })} aria-current={t === status ? 'page' : undefined}>{codeName(ctx, 'admin.drafts.tab', t)}</a></li>)}</ul></nav>
      {drafts.length === 0 ? <p>{tr.t('admin.drafts.none', { status: statusName })}</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">{tr.t('admin.drafts.caption', { status: statusName })}</caption>
            <thead><tr><th scope="col">{tr.t('admin.drafts.draft')}</th><th scope="col">{tr.t('admin.drafts.record')}</th><th scope="col">{tr.t('admin.drafts.change')}</th><th scope="col">{tr.t('admin.drafts.by')}</th><th scope="col">{tr.t('admin.drafts.saved')}</th></tr></thead>
            <tbody>
              {drafts.map((d) => (
                <tr>
                  <td data-label={tr.t('admin.drafts.draft')}><a href={ctx.href(`/admin/drafts/${d.id}`)}>#{d.id}</a></td>
                  <td data-label={tr.t('admin.drafts.record')}>{kindName(ctx, d.kind)} <code>{d.record_id}</code></td>
                  <td data-label={tr.t('admin.drafts.change')}>{codeName(ctx, 'admin.action', d.action)}{d.restores_version ? ` ${tr.t('admin.drafts.restoresVersion', { version: d.restores_version })}` : ''}</td>
                  <td data-label={tr.t('admin.drafts.by')}>{d.author}</td>
                  <td data-label={tr.t('admin.drafts.saved')}>{when(d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  )
}

/** `error` comes from the store and stays English. */
export function DraftPage({ ctx, draft, live, stale, error }: { ctx: AdminContext; draft: DraftView; live: unknown; stale: boolean; error?: string }) {
  const { tr } = ctx
  const kind = draft.kind as RecordKind
  const open = draft.status === 'open'
  const after = draft.action === 'archive' ? null : draft.document
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.draft.title', { id: String(draft.id) })}>
      <h1>{tr.t('admin.draft.heading', { id: String(draft.id), action: codeName(ctx, 'admin.action', draft.action), kind: kindName(ctx, kind) })} <code>{draft.record_id}</code></h1>
      {error ? <div class="error-summary" role="alert" tabindex={-1}><h2>{tr.t('admin.problem')}</h2><p><English ctx={ctx}>{error}</English></p></div> : null}
      <dl class="meta">
        <dt>{tr.t('admin.draft.status')}</dt><dd>{codeName(ctx, 'admin.draftStatus', draft.status)}{draft.decided_by ? ` ${tr.t('admin.draft.decidedBy', { who: draft.decided_by, when: when(draft.decided_at) })}` : ''}{draft.decision_note ? <> — “{draft.decision_note}”</> : ''}</dd>
        <dt>{tr.t('admin.draft.begunBy')}</dt><dd>{draft.author}, {when(draft.created_at)}</dd>
        <dt>{tr.t('admin.draft.lastSavedBy')}</dt><dd>{draft.updated_by}, {when(draft.updated_at)} {tr.t('admin.draft.revision', { revision: draft.revision })}</dd>
        {draft.restores_version ? <><dt>{tr.t('admin.draft.restores')}</dt><dd>{tr.t('admin.version', { version: draft.restores_version })}</dd></> : null}
      </dl>
      <p><a href={ctx.href(`/admin/records/${kind}/${draft.record_id}`)}>{tr.t('admin.draft.theRecord')}</a> · <a href={ctx.href(`/admin/records/${kind}/${draft.record_id}/history`)}>{tr.t('admin.draft.itsHistory')}</a></p>
      {open && stale ? <div class="notice notice--warning"><p>{tr.t('admin.draft.stale')}</p></div> : null}
      {draft.action === 'archive' ? <p><strong>{tr.t('admin.draft.archives')}</strong> {tr.t('admin.draft.archivesMeans')}</p> : null}
      <DiffTable ctx={ctx} changes={diffDocuments(open ? live ?? null : draft.base_document, after)} beforeLabel={tr.t('admin.draft.published')} afterLabel={tr.t('admin.drafts.draft')} caption={open ? tr.t('admin.draft.whatPublishingChanges') : tr.t('admin.draft.whatItChanged')} />
      {open ? (
        <div class="actions">
          {can(ctx.user!.role, 'review') ? (
            <>
              <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/publish`}>
                <input type="hidden" name="revision" value={String(draft.revision)} />
                <button type="submit">{tr.t('admin.draft.publish')}</button>
              </PostForm>
              <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/reject`}>
                <input type="hidden" name="revision" value={String(draft.revision)} />
                <div class="field">
                  <label for="note">{tr.t('admin.draft.rejectWhy')}</label>
                  <input type="text" id="note" name="note" maxLength={500} />
                </div>
                <button type="submit" class="button--secondary">{tr.t('admin.draft.reject')}</button>
              </PostForm>
            </>
          ) : null}
          {can(ctx.user!.role, 'edit') ? (
            <PostForm ctx={ctx} action={`/admin/drafts/${draft.id}/withdraw`}>
              <input type="hidden" name="revision" value={String(draft.revision)} />
              <button type="submit" class="button--secondary">{tr.t('admin.draft.withdraw')}</button>
            </PostForm>
          ) : null}
        </div>
      ) : null}
    </AdminLayout>
  )
}
