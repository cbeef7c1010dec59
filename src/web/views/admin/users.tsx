import { ROLES } from '../../../domain/roles.ts'
import { PASSWORD_MIN } from '../../../store/users.ts'
import { AdminLayout, PostForm, type AdminContext } from './layout.tsx'

interface UserRow { id: number; email: string; role: string; created_at: Date; disabled_at: Date | null }

export function UsersPage({ ctx, users, error, notice }: { ctx: AdminContext; users: UserRow[]; error?: string; notice?: string }) {
  return (
    <AdminLayout ctx={ctx} title="Accounts">
      <h1>Accounts</h1>
      {error ? <div class="error-summary" role="alert" tabindex={-1}><h2>There is a problem</h2><p>{error}</p></div> : null}
      {notice ? <div class="notice" role="status"><p>{notice}</p></div> : null}
      <div class="table-wrap">
        <table class="stack">
          <caption class="visually-hidden">Accounts</caption>
          <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td data-label="Email">{u.email}</td>
                <td data-label="Role">{u.role}</td>
                <td data-label="Status">{u.disabled_at ? 'disabled' : 'active'}</td>
                <td data-label="Change">
                  <PostForm ctx={ctx} action={`/admin/users/${u.id}`} class="actions">
                    <div>
                      <label for={`role-${u.id}`}>Role</label>
                      <select id={`role-${u.id}`} name="role">{ROLES.map((r) => <option value={r} selected={r === u.role}>{r}</option>)}</select>
                    </div>
                    <div class="checkbox">
                      <input type="checkbox" id={`disabled-${u.id}`} name="disabled" value="1" checked={u.disabled_at !== null} />
                      <label for={`disabled-${u.id}`}>Disabled</label>
                    </div>
                    <button type="submit" class="button--secondary">Save</button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add an account</h2>
      <PostForm ctx={ctx} action="/admin/users">
        <div class="field"><label for="new-email">Email address</label><input type="email" id="new-email" name="email" required maxLength={254} autocomplete="off" /></div>
        <div class="field"><label for="new-password">Password (at least {PASSWORD_MIN} characters)</label><input type="password" id="new-password" name="password" required minLength={PASSWORD_MIN} maxLength={200} autocomplete="new-password" /></div>
        <div class="field"><label for="new-role">Role</label><select id="new-role" name="role">{ROLES.map((r) => <option value={r} selected={r === 'editor'}>{r}</option>)}</select></div>
        <button type="submit">Add account</button>
      </PostForm>
    </AdminLayout>
  )
}
