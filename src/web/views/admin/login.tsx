import { AdminLayout, type AdminContext } from './layout.tsx'

export function LoginPage({ ctx, csrf, next, error, email, signedOut }: { ctx: AdminContext; csrf: string; next: string; error?: string; email?: string; signedOut?: boolean }) {
  return (
    <AdminLayout ctx={ctx} title="Sign in">
      <h1>Sign in to the editorial area</h1>
      <p>For the atlas’s curators. Visitors need no account: everything public is on <a href="/">the portal</a>.</p>
      {signedOut ? <div class="notice" role="status"><p>You are signed out.</p></div> : null}
      {error ? (
        <div class="error-summary" role="alert" aria-labelledby="login-error" tabindex={-1}>
          <h2 id="login-error">There is a problem</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="email">Email address</label>
          <input type="email" id="email" name="email" autocomplete="username" required maxLength={254} value={email ?? ''} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required maxLength={200} />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </AdminLayout>
  )
}
