import { diffDocuments } from '../../../domain/document-diff.ts'
import { KIND_LABELS, type RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import { DiffTable } from './diff.tsx'
import { AdminLayout, PostForm, type AdminContext, utc } from './layout.tsx'

const when = utc

interface VersionRow { version: number; action: string; published_by: string; published_at: Date; draft_id: number | null }
interface AuditRow { id: number; at: Date; actor: string; action: string; note: string | null }

export function HistoryPage({ ctx, kind, id, versions, audit }: { ctx: AdminContext; kind: RecordKind; id: string; versions: VersionRow[]; audit: AuditRow[] }) {
  return (
    <AdminLayout ctx={ctx} title={`History of ${id}`}>
      <p><a href={`/admin/records/${kind}/${id}`}>Back to the record</a></p>
      <h1>History of {KIND_LABELS[kind].one} <code>{id}</code></h1>
      <h2>Published versions</h2>
      {versions.length === 0 ? <p>Unchanged since the catalogue was loaded: there is one version, the loaded one.</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">Published versions, newest first</caption>
            <thead><tr><th scope="col">Version</th><th scope="col">Change</th><th scope="col">Published by</th><th scope="col">When</th></tr></thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <td data-label="Version"><a href={`/admin/records/${kind}/${id}/versions/${v.version}`}>Version {v.version}</a></td>
                  <td data-label="Change">{v.action}{v.draft_id ? <> (<a href={`/admin/drafts/${v.draft_id}`}>draft #{v.draft_id}</a>)</> : null}</td>
                  <td data-label="Published by">{v.published_by}</td>
                  <td data-label="When">{when(v.published_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Audit trail of this record</h2>
      <ul>{audit.map((a) => <li>{when(a.at)} — {a.actor}: {a.action}{a.note ? ` (${a.note})` : ''}</li>)}</ul>
    </AdminLayout>
  )
}

export function VersionPage({ ctx, kind, id, version, current, token }: { ctx: AdminContext; kind: RecordKind; id: string; version: VersionRow & { document: unknown }; current: unknown; token: string }) {
  return (
    <AdminLayout ctx={ctx} title={`${id}, version ${version.version}`}>
      <p><a href={`/admin/records/${kind}/${id}/history`}>History</a></p>
      <h1>{KIND_LABELS[kind].one} <code>{id}</code>, version {version.version}</h1>
      <p>{version.action}, published by {version.published_by}, {when(version.published_at)}.</p>
      {version.action === 'archive' ? <p>This version archived the record; restoring it brings the record back as it was.</p> : null}
      {can(ctx.user!.role, 'edit') ? (
        <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}/versions/${version.version}/restore`}>
          <input type="hidden" name="token" value={token} />
          <button type="submit">Restore this version (as a draft for review)</button>
        </PostForm>
      ) : null}
      <DiffTable changes={diffDocuments(current ?? null, version.document)} beforeLabel="Published now" afterLabel={`Version ${version.version}`} caption="How this version differs from what is published now" />
      <pre class="doc" tabindex={0}>{JSON.stringify(version.document, null, 2)}</pre>
    </AdminLayout>
  )
}
