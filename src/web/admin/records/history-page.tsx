import { diffDocuments } from '../../../domain/document-diff.ts'
import type { RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import { DiffTable } from '../diff.tsx'
import { AdminLayout, codeName, kindName, PostForm, type AdminContext, utc } from '../layout.tsx'

const when = utc

interface VersionRow { version: number; action: string; published_by: string; published_at: Date; draft_id: number | null }
interface AuditRow { id: number; at: Date; actor: string; action: string; note: string | null }

export function HistoryPage({ ctx, kind, id, versions, audit }: { ctx: AdminContext; kind: RecordKind; id: string; versions: VersionRow[]; audit: AuditRow[] }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.history.title', { id })}>
      <p><a href={ctx.href(`/admin/records/${kind}/${id}`)}>{tr.t('admin.history.back')}</a></p>
      <h1>{tr.t('admin.history.heading', { kind: kindName(ctx, kind) })} <code>{id}</code></h1>
      <h2>{tr.t('admin.history.versions')}</h2>
      {versions.length === 0 ? <p>{tr.t('admin.history.unchanged')}</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">{tr.t('admin.history.caption')}</caption>
            <thead><tr><th scope="col">{tr.t('admin.history.version')}</th><th scope="col">{tr.t('admin.drafts.change')}</th><th scope="col">{tr.t('admin.history.publishedBy')}</th><th scope="col">{tr.t('admin.history.when')}</th></tr></thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <td data-label={tr.t('admin.history.version')}><a href={ctx.href(`/admin/records/${kind}/${id}/versions/${v.version}`)}>{tr.t('admin.version', { version: v.version })}</a></td>
                  <td data-label={tr.t('admin.drafts.change')}>{codeName(ctx, 'admin.action', v.action)}{v.draft_id ? <> (<a href={ctx.href(`/admin/drafts/${v.draft_id}`)}>{tr.t('admin.history.draft', { id: String(v.draft_id) })}</a>)</> : null}</td>
                  <td data-label={tr.t('admin.history.publishedBy')}>{v.published_by}</td>
                  <td data-label={tr.t('admin.history.when')}>{when(v.published_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{tr.t('admin.history.audit')}</h2>
      <ul>{audit.map((a) => <li>{when(a.at)} — {a.actor}: <code>{a.action}</code>{a.note ? ` (${a.note})` : ''}</li>)}</ul>
    </AdminLayout>
  )
}

export function VersionPage({ ctx, kind, id, version, current, token }: { ctx: AdminContext; kind: RecordKind; id: string; version: VersionRow & { document: unknown }; current: unknown; token: string }) {
  const { tr } = ctx
  const label = tr.t('admin.version', { version: version.version })
  return (
    <AdminLayout ctx={ctx} title={`${id}, ${label}`}>
      <p><a href={ctx.href(`/admin/records/${kind}/${id}/history`)}>{tr.t('admin.history.link')}</a></p>
      <h1>{kindName(ctx, kind, 'title')} <code>{id}</code>, {label}</h1>
      <p>{tr.t('admin.versionPage.published', { action: codeName(ctx, 'admin.action', version.action), who: version.published_by, when: when(version.published_at) })}</p>
      {version.action === 'archive' ? <p>{tr.t('admin.versionPage.archived')}</p> : null}
      {can(ctx.user!.role, 'edit') ? (
        <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}/versions/${version.version}/restore`}>
          <input type="hidden" name="token" value={token} />
          <button type="submit">{tr.t('admin.versionPage.restore')}</button>
        </PostForm>
      ) : null}
      <DiffTable ctx={ctx} changes={diffDocuments(current ?? null, version.document)} beforeLabel={tr.t('admin.versionPage.now')} afterLabel={label} caption={tr.t('admin.versionPage.caption')} />
      <pre class="doc" tabindex={0}>{JSON.stringify(version.document, null, 2)}</pre>
    </AdminLayout>
  )
}
