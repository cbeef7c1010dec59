import { diffDocuments } from '../../../domain/document-diff.ts'
import { DiffTable } from '../diff.tsx'
import { AdminLayout, type AdminContext, kindName, utc } from '../layout.tsx'

const when = (d: Date) => utc(d, true)

interface AuditRow { id: number; at: Date; actor: string; action: string; kind: string | null; record_id: string | null; before: unknown; after: unknown; note: string | null }

export function AuditPage({ ctx, events, next }: { ctx: AdminContext; events: AuditRow[]; next?: number }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.audit.title')}>
      <h1>{tr.t('admin.audit.title')}</h1>
      <p>{tr.t('admin.audit.lead')}</p>
      {events.map((e) => (
        <details class="panel">
          <summary>#{e.id} {when(e.at)} — {e.actor}: <code>{e.action}</code>{e.kind ? <> <code>{e.kind}</code></> : ''}{e.record_id ? <> <code>{e.record_id}</code></> : ''}</summary>
          {e.note ? <p>{e.note}</p> : null}
          {e.kind && e.record_id && e.kind !== 'user' ? <p><a href={ctx.href(`/admin/records/${e.kind}/${e.record_id}/history`)}>{tr.t('admin.audit.recordHistory')}</a></p> : null}
          <DiffTable ctx={ctx} changes={diffDocuments(e.before ?? null, e.after ?? null)} beforeLabel={tr.t('admin.diff.before')} afterLabel={tr.t('admin.diff.after')} caption={tr.t('admin.audit.changesIn', { id: String(e.id) })} />
        </details>
      ))}
      {next ? <p><a href={ctx.href('/admin/audit', { before: String(next) })}>{tr.t('admin.audit.older')}</a></p> : null}
    </AdminLayout>
  )
}

export function ArchivedPage({ ctx, archived }: { ctx: AdminContext; archived: { kind: string; record_id: string; version: number; published_by: string; published_at: Date }[] }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.archived.title')}>
      <h1>{tr.t('admin.archived.title')}</h1>
      <p>{tr.t('admin.archived.lead')}</p>
      {archived.length === 0 ? <p>{tr.t('admin.archived.none')}</p> : (
        <ul>{archived.map((a) => <li><a href={ctx.href(`/admin/records/${a.kind}/${a.record_id}/history`)}>{kindName(ctx, a.kind)} <code>{a.record_id}</code></a>, {tr.t('admin.archived.by', { who: a.published_by, when: when(a.published_at) })}</li>)}</ul>
      )}
    </AdminLayout>
  )
}
