import { diffDocuments } from '../../../domain/document-diff.ts'
import { DiffTable } from './diff.tsx'
import { AdminLayout, type AdminContext, utc } from './layout.tsx'

const when = (d: Date) => utc(d, true)

interface AuditRow { id: number; at: Date; actor: string; action: string; kind: string | null; record_id: string | null; before: unknown; after: unknown; note: string | null }

export function AuditPage({ ctx, events, next }: { ctx: AdminContext; events: AuditRow[]; next?: number }) {
  return (
    <AdminLayout ctx={ctx} title="Audit trail">
      <h1>Audit trail</h1>
      <p>Every draft, decision, publication and account change: who, when, what, before and after. Newest first.</p>
      {events.map((e) => (
        <details class="panel">
          <summary>#{e.id} {when(e.at)} — {e.actor}: {e.action}{e.kind ? ` ${e.kind}` : ''}{e.record_id ? ` ${e.record_id}` : ''}</summary>
          {e.note ? <p>{e.note}</p> : null}
          {e.kind && e.record_id && e.kind !== 'user' ? <p><a href={`/admin/records/${e.kind}/${e.record_id}/history`}>History of this record</a></p> : null}
          <DiffTable changes={diffDocuments(e.before ?? null, e.after ?? null)} beforeLabel="Before" afterLabel="After" caption={`Changes in event ${e.id}`} />
        </details>
      ))}
      {next ? <p><a href={`/admin/audit?before=${next}`}>Older events</a></p> : null}
    </AdminLayout>
  )
}

export function ArchivedPage({ ctx, archived }: { ctx: AdminContext; archived: { kind: string; record_id: string; version: number; published_by: string; published_at: Date }[] }) {
  return (
    <AdminLayout ctx={ctx} title="Archived records">
      <h1>Archived records</h1>
      <p>Hidden from the public, never erased. Open one to restore a version.</p>
      {archived.length === 0 ? <p>Nothing is archived.</p> : (
        <ul>{archived.map((a) => <li><a href={`/admin/records/${a.kind}/${a.record_id}/history`}>{a.kind} <code>{a.record_id}</code></a>, archived by {a.published_by}, {when(a.published_at)}</li>)}</ul>
      )}
    </AdminLayout>
  )
}
