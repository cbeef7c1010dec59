import { AdminLayout, English, type AdminContext, PostForm } from '../layout.tsx'

interface SnapshotRow { id: number; clearinghouse_id: string; file_name: string; retrieved_at: string; imported_at: Date; imported_by: string; record_count: number; withdrawn_by: string | null; withdrawn_reason: string | null }
export interface ImportResult {
  ok: boolean
  message: string
  /** The message is in the page's language; otherwise it came from the importer, in English. */
  translated?: boolean
  /** Words from the importer (English) that follow the message. */
  detail?: string
  issues?: { line: number | null; field: string | null; message: string }[]
}

export function ImportsPage({ ctx, adapters, snapshots, result, today }: { ctx: AdminContext; adapters: string[]; snapshots: SnapshotRow[]; result?: ImportResult; today: string }) {
  const { tr } = ctx
  const message = result ? <>{result.translated ? result.message : <English ctx={ctx}>{result.message}</English>}{result.detail ? <>: <English ctx={ctx}>{result.detail}</English></> : null}</> : null
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.imports.title')}>
      <h1>{tr.t('admin.imports.heading')}</h1>
      <p>{tr.t('admin.imports.lead1')} <a href={ctx.href('/changes')}>{tr.t('admin.imports.changes')}</a> {tr.t('admin.imports.lead2')} <a href={ctx.href('/admin/review')}>{tr.t('admin.nav.review')}</a>. {tr.t('admin.imports.lead3')}</p>
      {result ? (
        result.ok ? <div class="notice" role="status"><p>{message}</p></div> : (
          <div class="error-summary" role="alert" tabindex={-1}>
            <h2>{tr.t('admin.problem')}</h2>
            <p>{message}</p>
            {result.issues?.length ? <ul>{result.issues.slice(0, 50).map((i) => <li>{i.line ? tr.t('admin.imports.line', { line: i.line }) : tr.t('admin.imports.file')}{i.field ? <>, {tr.t('admin.imports.field')} <code>{i.field}</code></> : ''}: <English ctx={ctx}>{i.message}</English></li>)}</ul> : null}
          </div>
        )
      ) : null}
      <form method="post" action={ctx.href('/admin/imports')} enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={ctx.user!.csrf} />
        <div class="field">
          <label for="clearinghouse">{tr.t('admin.clearinghouse')}</label>
          <select id="clearinghouse" name="clearinghouse">{adapters.map((a) => <option value={a}>{a}</option>)}</select>
        </div>
        <div class="field">
          <label for="retrieved">{tr.t('admin.imports.retrievedOn')}</label>
          <input type="text" id="retrieved" name="retrieved" value={today} pattern="\d{4}-\d{2}-\d{2}" required maxLength={10} />
        </div>
        <div class="field">
          <label for="file">{tr.t('admin.imports.fileLabel')}</label>
          <input type="file" id="file" name="file" accept=".csv,.json,text/csv,application/json" required />
        </div>
        <button type="submit">{tr.t('admin.imports.submit')}</button>
      </form>
      <h2>{tr.t('admin.imports.recent')}</h2>
      {snapshots.length === 0 ? <p>{tr.t('admin.imports.noneYet')}</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">{tr.t('admin.imports.recent')}</caption>
            <thead><tr><th scope="col">#</th><th scope="col">{tr.t('admin.clearinghouse')}</th><th scope="col">{tr.t('admin.imports.file')}</th><th scope="col">{tr.t('admin.imports.retrieved')}</th><th scope="col">{tr.t('admin.imports.records')}</th><th scope="col">{tr.t('admin.imports.importedBy')}</th><th scope="col">{tr.t('admin.imports.withdrawal')}</th></tr></thead>
            <tbody>
              {snapshots.map((s) => (
                <tr>
                  <td data-label="#">{s.id}</td>
                  <td data-label={tr.t('admin.clearinghouse')}>{s.clearinghouse_id}</td>
                  <td data-label={tr.t('admin.imports.file')}>{s.file_name}</td>
                  <td data-label={tr.t('admin.imports.retrieved')}>{s.retrieved_at}</td>
                  <td data-label={tr.t('admin.imports.records')}>{s.record_count}</td>
                  <td data-label={tr.t('admin.imports.importedBy')}>{s.imported_by}</td>
                  <td data-label={tr.t('admin.imports.withdrawal')}>
                    {s.withdrawn_by ? <span>{tr.t('admin.imports.withdrawnBy', { who: s.withdrawn_by })} {s.withdrawn_reason}</span> : ctx.user?.role === 'reviewer' ? (
                      <PostForm ctx={ctx} action={`/admin/snapshots/${s.id}/withdraw`}>
                        <label for={`reason-${s.id}`}>{tr.t('admin.imports.withdrawWhy', { id: String(s.id) })}</label>
                        <input type="text" id={`reason-${s.id}`} name="reason" required minLength={10} maxLength={1000} />
                        <button type="submit">{tr.t('admin.imports.withdraw')}</button>
                      </PostForm>
                    ) : <span>—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  )
}
