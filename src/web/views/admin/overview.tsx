import { KIND_LABELS, RECORD_KINDS } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import { AdminLayout, type AdminContext } from './layout.tsx'

export function OverviewPage({ ctx, openDrafts, findings }: { ctx: AdminContext; openDrafts: number; findings: number }) {
  const role = ctx.user!.role
  return (
    <AdminLayout ctx={ctx} title="Editorial area">
      <h1>Editorial area</h1>
      <p class="lead">
        {role === 'editor' ? 'Propose changes as drafts; a reviewer publishes them.' : role === 'reviewer' ? 'Review drafts and the monitor’s findings; publish or reject.' : 'Manage the curators’ accounts.'}
      </p>
      <ul class="stats">
        <li><a href="/admin/drafts"><strong>{openDrafts}</strong> open draft{openDrafts === 1 ? '' : 's'}</a></li>
        <li><a href="/admin/review"><strong>{findings}</strong> monitor finding{findings === 1 ? '' : 's'} to confirm</a></li>
      </ul>
      <h2>Records</h2>
      <ul>
        {RECORD_KINDS.map((k) => <li><a href={`/admin/records/${k}`}>{KIND_LABELS[k].many}</a></li>)}
      </ul>
      {can(role, 'users') ? <p><a href="/admin/users">Accounts</a></p> : null}
    </AdminLayout>
  )
}
