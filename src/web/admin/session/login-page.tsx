import { AdminLayout, type AdminContext } from '../layout.tsx'

/** The sign-in page; `error` is already in the page's language. */
export function LoginPage({ ctx, csrf, next, error, email, signedOut }: { ctx: AdminContext; csrf: string; next: string; error?: string; email?: string; signedOut?: boolean }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.login.title')}>
      <h1>{tr.t('admin.login.heading')}</h1>
      <p>{tr.t('admin.login.lead')} <a href={ctx.href('/')}>{tr.t('admin.login.portal')}</a>.</p>
      {signedOut ? <div class="notice" role="status"><p>{tr.t('admin.login.signedOut')}</p></div> : null}
      {error ? (
        <div class="error-summary" role="alert" aria-labelledby="login-error" tabindex={-1}>
          <h2 id="login-error">{tr.t('admin.problem')}</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="post" action={ctx.href('/login')}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="email">{tr.t('admin.email')}</label>
          <input type="email" id="email" name="email" autocomplete="username" required maxLength={254} value={email ?? ''} />
        </div>
        <div class="field">
          <label for="password">{tr.t('admin.password')}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required maxLength={200} />
        </div>
        <button type="submit">{tr.t('admin.login.submit')}</button>
      </form>
    </AdminLayout>
  )
}

