import type { ComponentChildren } from 'preact'
import type { SessionUser } from '../../../store/sessions.ts'
import { can } from '../../../domain/roles.ts'

export interface AdminContext {
  user?: SessionUser
  css: string
  path: string
}

const LINKS = [
  { href: '/admin', label: 'Overview', show: () => true },
  { href: '/admin/drafts', label: 'Drafts', show: () => true },
  { href: '/admin/review', label: 'Monitor findings', show: () => true },
  { href: '/admin/watch', label: 'Page watch', show: () => true },
  { href: '/admin/imports', label: 'Import', show: (u: SessionUser) => can(u.role, 'edit') },
  { href: '/admin/archived', label: 'Archived', show: () => true },
  { href: '/admin/audit', label: 'Audit trail', show: () => true },
  { href: '/admin/users', label: 'Accounts', show: (u: SessionUser) => can(u.role, 'users') },
]

/** The editorial frame: the same look as the portal, its own navigation, sign-out. English only for now. */
export function AdminLayout({ ctx, title, children }: { ctx: AdminContext; title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} – Perinatal Atlas editorial`}</title>
        <link rel="stylesheet" href={ctx.css} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href="/">Perinatal Atlas</a>
            <span class="site-header__tagline">Editorial area</span>
          </div>
          {ctx.user ? (
            <nav class="site-nav" aria-label="Editorial">
              <ul class="container">
                {LINKS.filter((l) => l.show(ctx.user!)).map((l) => (
                  <li><a href={l.href} aria-current={ctx.path === l.href || (l.href !== '/admin' && ctx.path.startsWith(`${l.href}/`)) ? 'page' : undefined}>{l.label}</a></li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="container" tabindex={-1}>
          {ctx.user ? (
            <div class="admin-bar">
              <span>Signed in as <strong>{ctx.user.email}</strong> ({ctx.user.role})</span>
              <form method="post" action="/logout">
                <CsrfField token={ctx.user.csrf} />
                <button type="submit" class="button--secondary">Sign out</button>
              </form>
            </div>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  )
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

/** A form that changes something: POST, with the session's CSRF token. */
export function PostForm({ ctx, action, children, class: cls }: { ctx: AdminContext; action: string; children: ComponentChildren; class?: string }) {
  return (
    <form method="post" action={action} class={cls}>
      <CsrfField token={ctx.user!.csrf} />
      {children}
    </form>
  )
}

export function IssueList({ issues }: { issues: { path: string; message: string }[] }) {
  if (issues.length === 0) return null
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {issues.map((i) => (
          <li><code>{i.path || '(whole record)'}</code>: {i.message}</li>
        ))}
      </ul>
    </div>
  )
}

/** A moment as curators read it in the editorial area: "2026-11-26 21:26 UTC". */
export function utc(d: Date | null, seconds = false): string {
  return d ? `${d.toISOString().replace('T', ' ').slice(0, seconds ? 19 : 16)} UTC` : ''
}
