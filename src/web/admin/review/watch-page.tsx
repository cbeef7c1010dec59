import type { watchStatus } from '../../../store/watch-review.ts'
import { AdminLayout, codeName, English, type AdminContext, utc } from '../layout.tsx'

type Status = Awaited<ReturnType<typeof watchStatus>>

/** The page watch at a glance: its last runs and what each watched page answered last. */
export function WatchPage({ ctx, status }: { ctx: AdminContext; status: Status }) {
  const { tr } = ctx
  const num = (s: Record<string, unknown> | null, k: string) => (s && typeof s[k] === 'number' ? (s[k] as number) : 0)
  const h = {
    run: tr.t('admin.watch.run'), started: tr.t('admin.watch.started'), finished: tr.t('admin.watch.finished'), by: tr.t('admin.drafts.by'),
    pages: tr.t('admin.watch.pages'), changed: tr.t('admin.watch.changed'), failed: tr.t('admin.watch.failed'), findings: tr.t('admin.watch.newFindings'),
    page: tr.t('admin.watch.page'), portal: tr.t('admin.watch.portal'), checked: tr.t('admin.watch.lastChecked'), answer: tr.t('admin.watch.answer'), versions: tr.t('admin.watch.versionsKept'),
  }
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.nav.watch')}>
      <h1>{tr.t('admin.nav.watch')}</h1>
      <p>{tr.t('admin.watch.lead1')} <code>perinatal-atlas watch</code> {tr.t('admin.watch.lead2')} <code>ATLAS_WATCH_EVERY</code>{tr.t('admin.watch.lead3')} <a href={ctx.href('/admin/review')}>{tr.t('admin.nav.review')}</a>.</p>
      <h2>{tr.t('admin.watch.recentRuns')}</h2>
      {status.runs.length === 0 ? <p>{tr.t('admin.watch.notRun')}</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption>{tr.tp('admin.watch.runsCaption', status.runs.length)}</caption>
            <thead><tr><th scope="col">{h.run}</th><th scope="col">{h.started}</th><th scope="col">{h.finished}</th><th scope="col">{h.by}</th><th scope="col">{h.pages}</th><th scope="col">{h.changed}</th><th scope="col">{h.failed}</th><th scope="col">{h.findings}</th></tr></thead>
            <tbody>
              {status.runs.map((r) => (
                <tr>
                  <th scope="row" data-label={h.run}>#{r.id}</th>
                  <td data-label={h.started}>{utc(new Date(r.started_at))}</td>
                  <td data-label={h.finished}>{r.finished_at ? utc(new Date(r.finished_at)) : tr.t('admin.watch.notFinished')}</td>
                  <td data-label={h.by}>{r.started_by}</td>
                  <td data-label={h.pages}>{num(r.summary, 'pages')}</td>
                  <td data-label={h.changed}>{num(r.summary, 'changed')}</td>
                  <td data-label={h.failed}>{num(r.summary, 'failed')}</td>
                  <td data-label={h.findings}>{Array.isArray(r.summary?.findings) ? (r.summary!.findings as unknown[]).length : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{tr.t('admin.review.watched', { count: String(status.pages.length) })}</h2>
      {status.pages.length === 0 ? <p>{tr.t('admin.watch.noneChecked')}</p> : (
        <div class="table-wrap">
          <table class="stack">
            <caption>{tr.t('admin.watch.pagesCaption')}</caption>
            <thead><tr><th scope="col">{h.page}</th><th scope="col">{h.portal}</th><th scope="col">{h.checked}</th><th scope="col">{h.answer}</th><th scope="col">{h.versions}</th></tr></thead>
            <tbody>
              {status.pages.map((p) => (
                <tr>
                  <th scope="row" data-label={h.page}><a href={p.url} rel="noopener noreferrer">{p.url}</a>{p.moved_to ? <div class="small">{tr.t('admin.watch.nowAt', { url: p.moved_to })}</div> : null}</th>
                  <td data-label={h.portal}>{p.short_name ?? '–'}</td>
                  <td data-label={h.checked}>{p.last_checked_at ? utc(new Date(p.last_checked_at)) : '–'}</td>
                  <td data-label={h.answer}>
                    {p.last_outcome ? codeName(ctx, 'admin.watch.outcome', p.last_outcome) : '–'}{p.last_status ? ` (${p.last_status})` : ''}
                    {p.last_error ? <div class="small"><English ctx={ctx}>{p.last_error}</English></div> : null}
                    {p.failures ? <div class="small">{tr.tp('admin.watch.failuresInRow', p.failures)}</div> : null}
                  </td>
                  <td data-label={h.versions}>{p.versions ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  )
}
