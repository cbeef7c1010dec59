import { AdminLayout, PostForm, type AdminContext } from './layout.tsx'

interface SnapshotRow { id: number; clearinghouse_id: string; file_name: string; retrieved_at: string; imported_at: Date; imported_by: string; record_count: number; withdrawn_by: string | null; withdrawn_reason: string | null }
export interface ImportResult {
  ok: boolean
  message: string
  issues?: { line: number | null; field: string | null; message: string }[]
}

export function ImportsPage({ ctx, adapters, snapshots, result, today }: { ctx: AdminContext; adapters: string[]; snapshots: SnapshotRow[]; result?: ImportResult; today: string }) {
  return (
    <AdminLayout ctx={ctx} title="Import a snapshot">
      <h1>Import a clearinghouse snapshot</h1>
      <p>A CSV or JSON export of one portal’s listing. It is imported whole or not at all, kept unchanged, and compared with the portal’s previous snapshot; the changes appear under <a href="/changes">Changes</a> and uncertain matches under <a href="/admin/review">Monitor findings</a>. Portals without a built-in adapter are imported from the command line with a mapping file.</p>
      {result ? (
        result.ok ? <div class="notice" role="status"><p>{result.message}</p></div> : (
          <div class="error-summary" role="alert" tabindex={-1}>
            <h2>There is a problem</h2>
            <p>{result.message}</p>
            {result.issues?.length ? <ul>{result.issues.slice(0, 50).map((i) => <li>{i.line ? `Line ${i.line}` : 'File'}{i.field ? `, field “${i.field}”` : ''}: {i.message}</li>)}</ul> : null}
          </div>
        )
      ) : null}
      <form method="post" action="/admin/imports" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={ctx.user!.csrf} />
        <div class="field">
          <label for="clearinghouse">Clearinghouse</label>
          <select id="clearinghouse" name="clearinghouse">{adapters.map((a) => <option value={a}>{a}</option>)}</select>
        </div>
        <div class="field">
          <label for="retrieved">Retrieved on (YYYY-MM-DD)</label>
          <input type="text" id="retrieved" name="retrieved" value={today} pattern="\d{4}-\d{2}-\d{2}" required maxLength={10} />
        </div>
        <div class="field">
          <label for="file">Snapshot file (CSV or JSON, UTF-8)</label>
          <input type="file" id="file" name="file" accept=".csv,.json,text/csv,application/json" required />
        </div>
        <button type="submit">Import</button>
      </form>
      <h2>Recent snapshots</h2>
      {snapshots.length === 0 ? <p>None yet.</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">Recent snapshots</caption>
            <thead><tr><th scope="col">#</th><th scope="col">Clearinghouse</th><th scope="col">File</th><th scope="col">Retrieved</th><th scope="col">Records</th><th scope="col">Imported by</th><th scope="col">Withdrawal</th></tr></thead>
            <tbody>
              {snapshots.map((s) => (
                <tr>
                  <td data-label="#">{s.id}</td>
                  <td data-label="Clearinghouse">{s.clearinghouse_id}</td>
                  <td data-label="File">{s.file_name}</td>
                  <td data-label="Retrieved">{s.retrieved_at}</td>
                  <td data-label="Records">{s.record_count}</td>
                  <td data-label="Imported by">{s.imported_by}</td>
                  <td data-label="Withdrawal">
                    {s.withdrawn_by ? <span>Withdrawn by {s.withdrawn_by}: {s.withdrawn_reason}</span> : ctx.user?.role === 'reviewer' ? (
                      <form method="post" action={`/admin/snapshots/${s.id}/withdraw`}>
                        <input type="hidden" name="_csrf" value={ctx.user.csrf} />
                        <label for={`reason-${s.id}`}>Why withdraw snapshot #{s.id}?</label>
                        <input type="text" id={`reason-${s.id}`} name="reason" required minLength={10} maxLength={1000} />
                        <button type="submit">Withdraw</button>
                      </form>
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
