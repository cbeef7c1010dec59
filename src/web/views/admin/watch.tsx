import type { watchStatus } from '../../../store/watch-review.ts'
import { AdminLayout, type AdminContext, utc } from './layout.tsx'

type Status = Awaited<ReturnType<typeof watchStatus>>

const OUTCOME: Record<string, string> = {
  ok: 'read',
  'not-modified': 'not modified (304)',
  gone: 'gone',
  error: 'failed',
  disallowed: 'refused by robots.txt',
  unsupported: 'not HTML, not read',
}

/** The page watch at a glance: its last runs and what each watched page answered last. */
export function WatchPage({ ctx, status }: { ctx: AdminContext; status: Status }) {
  const num = (s: Record<string, unknown> | null, k: string) => (s && typeof s[k] === 'number' ? (s[k] as number) : 0)
  return (
    <AdminLayout ctx={ctx} title="Page watch">
      <h1>Page watch</h1>
      <p>The pages our grades cite and the portals’ listing pages, read by <code>perinatal-atlas watch</code> (or on the schedule set by <code>ATLAS_WATCH_EVERY</code>). What changed waits under <a href="/admin/review">Monitor findings</a>.</p>
      <h2>Recent runs</h2>
      {status.runs.length === 0 ? <p>The watch has not run yet.</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption>The last {status.runs.length} runs, newest first</caption>
            <thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">By</th><th scope="col">Pages</th><th scope="col">Changed</th><th scope="col">Failed</th><th scope="col">New findings</th></tr></thead>
            <tbody>
              {status.runs.map((r) => (
                <tr>
                  <th scope="row" data-label="Run">#{r.id}</th>
                  <td data-label="Started">{utc(new Date(r.started_at))}</td>
                  <td data-label="Finished">{r.finished_at ? utc(new Date(r.finished_at)) : 'not finished'}</td>
                  <td data-label="By">{r.started_by}</td>
                  <td data-label="Pages">{num(r.summary, 'pages')}</td>
                  <td data-label="Changed">{num(r.summary, 'changed')}</td>
                  <td data-label="Failed">{num(r.summary, 'failed')}</td>
                  <td data-label="New findings">{Array.isArray(r.summary?.findings) ? (r.summary!.findings as unknown[]).length : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Watched pages ({status.pages.length})</h2>
      {status.pages.length === 0 ? <p>No page checked yet.</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption>Each page’s last check</caption>
            <thead><tr><th scope="col">Page</th><th scope="col">Portal</th><th scope="col">Last checked</th><th scope="col">Answer</th><th scope="col">Versions kept</th></tr></thead>
            <tbody>
              {status.pages.map((p) => (
                <tr>
                  <th scope="row" data-label="Page"><a href={p.url} rel="noopener noreferrer">{p.url}</a>{p.moved_to ? <div class="small">now watched at {p.moved_to}</div> : null}</th>
                  <td data-label="Portal">{p.short_name ?? '–'}</td>
                  <td data-label="Last checked">{p.last_checked_at ? utc(new Date(p.last_checked_at)) : '–'}</td>
                  <td data-label="Answer">
                    {OUTCOME[p.last_outcome ?? ''] ?? p.last_outcome ?? '–'}{p.last_status ? ` (${p.last_status})` : ''}
                    {p.last_error ? <div class="small">{p.last_error}</div> : null}
                    {p.failures ? <div class="small">{p.failures} failed check{p.failures === 1 ? '' : 's'} in a row</div> : null}
                  </td>
                  <td data-label="Versions kept">{p.versions ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  )
}
