import { RECORD_KINDS } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import { AdminLayout, kindName, type AdminContext } from '../layout.tsx'

export function OverviewPage({ ctx, openDrafts, findings }: { ctx: AdminContext; openDrafts: number; findings: number }) {
  const { tr } = ctx
  const role = ctx.user!.role
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.overview.title')}>
      <h1>{tr.t('admin.overview.title')}</h1>
      <p class="lead">
        {role === 'editor' ? tr.t('admin.overview.editor') : role === 'reviewer' ? tr.t('admin.overview.reviewer') : tr.t('admin.overview.admin')}
      </p>
      <ul class="stats">
        <li><a href={ctx.href('/admin/drafts')}><strong>{tr.number(openDrafts)}</strong> {tr.tp('admin.overview.openDrafts', openDrafts)}</a></li>
        <li><a href={ctx.href('/admin/review')}><strong>{tr.number(findings)}</strong> {tr.tp('admin.overview.findings', findings)}</a></li>
      </ul>
      <h2>{tr.t('admin.overview.records')}</h2>
      <ul>
        {RECORD_KINDS.map((k) => <li><a href={ctx.href(`/admin/records/${k}`)}>{kindName(ctx, k, 'many')}</a></li>)}
      </ul>
      {can(role, 'users') ? <p><a href={ctx.href('/admin/users')}>{tr.t('admin.nav.users')}</a></p> : null}
    </AdminLayout>
  )
}
