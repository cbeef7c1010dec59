import { ROLES } from '../../../domain/roles.ts'
import { PASSWORD_MIN } from '../../../store/users.ts'
import { AdminLayout, English, PostForm, roleName, type AdminContext } from '../layout.tsx'

interface UserRow { id: number; email: string; role: string; created_at: Date; disabled_at: Date | null }

/** `error` comes from the store (English); `notice` is in the page's language. */
export function UsersPage({ ctx, users, error, notice }: { ctx: AdminContext; users: UserRow[]; error?: string; notice?: string }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.nav.users')}>
      <h1>{tr.t('admin.nav.users')}</h1>
      {error ? <div class="error-summary" role="alert" tabindex={-1}><h2>{tr.t('admin.problem')}</h2><p><English ctx={ctx}>{error}</English></p></div> : null}
      {notice ? <div class="notice" role="status"><p>{notice}</p></div> : null}
      <div class="table-wrap">
        <table class="stack">
          <caption class="visually-hidden">{tr.t('admin.nav.users')}</caption>
          <thead><tr><th scope="col">{tr.t('admin.users.email')}</th><th scope="col">{tr.t('admin.users.role')}</th><th scope="col">{tr.t('admin.draft.status')}</th><th scope="col">{tr.t('admin.drafts.change')}</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td data-label={tr.t('admin.users.email')}>{u.email}</td>
                <td data-label={tr.t('admin.users.role')}>{roleName(ctx, u.role)}</td>
                <td data-label={tr.t('admin.draft.status')}>{u.disabled_at ? tr.t('admin.users.disabledState') : tr.t('admin.users.active')}</td>
                <td data-label={tr.t('admin.drafts.change')}>
                  <PostForm ctx={ctx} action={`/admin/users/${u.id}`} class="actions">
                    <div>
                      <label for={`role-${u.id}`}>{tr.t('admin.users.role')}</label>
                      <select id={`role-${u.id}`} name="role">{ROLES.map((r) => <option value={r} selected={r === u.role}>{roleName(ctx, r)}</option>)}</select>
                    </div>
                    <div class="checkbox">
                      <input type="checkbox" id={`disabled-${u.id}`} name="disabled" value="1" checked={u.disabled_at !== null} />
                      <label for={`disabled-${u.id}`}>{tr.t('admin.users.disabled')}</label>
                    </div>
                    <button type="submit" class="button--secondary">{tr.t('admin.users.save')}</button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{tr.t('admin.users.add')}</h2>
      <PostForm ctx={ctx} action="/admin/users">
        <div class="field"><label for="new-email">{tr.t('admin.email')}</label><input type="email" id="new-email" name="email" required maxLength={254} autocomplete="off" /></div>
        <div class="field"><label for="new-password">{tr.t('admin.users.password', { min: PASSWORD_MIN })}</label><input type="password" id="new-password" name="password" required minLength={PASSWORD_MIN} maxLength={200} autocomplete="new-password" /></div>
        <div class="field"><label for="new-role">{tr.t('admin.users.role')}</label><select id="new-role" name="role">{ROLES.map((r) => <option value={r} selected={r === 'editor'}>{roleName(ctx, r)}</option>)}</select></div>
        <button type="submit">{tr.t('admin.users.addSubmit')}</button>
      </PostForm>
    </AdminLayout>
  )
}
