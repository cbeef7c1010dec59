import { LangSwitch } from '../kit/components/lang-switch.tsx'
import type { ComponentChildren } from 'preact'
import type { SessionUser } from '../../store/sessions.ts'
import { can } from '../../domain/roles.ts'
import { en, type MessageKey } from '../i18n/en.ts'
import { type Translator, type UiLanguage } from '../i18n/index.ts'
import type { Query } from '../kit/page-context.ts'

export interface AdminContext {
  user?: SessionUser
  css: string
  path: string
  tr: Translator
  lang: UiLanguage
  /** A link that keeps a language chosen in the URL. */
  href(path: string, query?: Query): string
  /** This page in another language. */
  langHref(lang: UiLanguage): string
}

const LINKS: { href: string; label: MessageKey; show: (u: SessionUser) => boolean }[] = [
  { href: '/admin', label: 'admin.nav.overview', show: () => true },
  { href: '/admin/drafts', label: 'admin.nav.drafts', show: () => true },
  { href: '/admin/review', label: 'admin.nav.review', show: () => true },
  { href: '/admin/watch', label: 'admin.nav.watch', show: () => true },
  { href: '/admin/imports', label: 'admin.nav.imports', show: (u) => can(u.role, 'edit') },
  { href: '/admin/archived', label: 'admin.nav.archived', show: () => true },
  { href: '/admin/audit', label: 'admin.nav.audit', show: () => true },
  { href: '/admin/users', label: 'admin.nav.users', show: (u) => can(u.role, 'users') },
]

/** Text that stays English (messages from the store and the validators), marked so when the page is in another language. */
export function English({ ctx, children }: { ctx: AdminContext; children: ComponentChildren }) {
  return ctx.lang === 'en' ? <>{children}</> : <span lang="en">{children}</span>
}

/** A record kind's name in the page's language: `one` in running text ("intervention"), `many` as a heading ("Interventions"). */
export const kindName = (ctx: AdminContext, kind: string, n: 'one' | 'many' | 'title' = 'one') => {
  const key = `admin.kind.${kind}.${n}`
  return isMessageKey(key) ? ctx.tr.t(key) : kind
}

export const isMessageKey = (k: string): k is MessageKey => Object.hasOwn(en, k)

/** A code's name where the catalogue has one (`status.active`, `format.group`), else the code itself. */
export const codeName = (ctx: AdminContext, prefix: string, code: string) => {
  const key = `${prefix}.${code}`
  return isMessageKey(key) ? ctx.tr.t(key) : code
}

/** A role's name in the page's language. */
export const roleName = (ctx: AdminContext, role: string) => codeName(ctx, 'admin.role', role)

/** The editorial frame: the same look as the portal, its own navigation, language switcher, sign-out. */
export function AdminLayout({ ctx, title, children }: { ctx: AdminContext; title: string; children: ComponentChildren }) {
  const { tr } = ctx
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{tr.t('admin.title', { title })}</title>
        <link rel="stylesheet" href={ctx.css} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">{tr.t('skip')}</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href={ctx.href('/')}>{tr.t('site.name')}</a>
            <span class="site-header__tagline">{tr.t('admin.tagline')}</span>
            <LangSwitch ctx={ctx} />
          </div>
          {ctx.user ? (
            <nav class="site-nav" aria-label={tr.t('admin.nav.label')}>
              <ul class="container">
                {LINKS.filter((l) => l.show(ctx.user!)).map((l) => (
                  <li><a href={ctx.href(l.href)} aria-current={ctx.path === l.href || (l.href !== '/admin' && ctx.path.startsWith(`${l.href}/`)) ? 'page' : undefined}>{tr.t(l.label)}</a></li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="container" tabindex={-1}>
          {ctx.user ? (
            <div class="admin-bar">
              <span>{tr.t('admin.signedInAs')} <strong>{ctx.user.email}</strong> ({roleName(ctx, ctx.user.role)})</span>
              <form method="post" action={ctx.href('/logout')}>
                <CsrfField token={ctx.user.csrf} />
                <button type="submit" class="button--secondary">{tr.t('admin.signOut')}</button>
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
    <form method="post" action={ctx.href(action)} class={cls}>
      <CsrfField token={ctx.user!.csrf} />
      {children}
    </form>
  )
}

/** A problem with a record: the validators' messages are English; ours are `translated`. */
export interface Issue { path: string; message: string; translated?: boolean; /** Words from a parser (English) after the message. */ detail?: string }

export function IssueList({ ctx, issues }: { ctx: AdminContext; issues: Issue[] }) {
  if (issues.length === 0) return null
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{ctx.tr.t('admin.problem')}</h2>
      <ul>
        {issues.map((i) => (
          <li><code>{i.path || ctx.tr.t('admin.wholeRecord')}</code>: {i.translated ? i.message : <English ctx={ctx}>{i.message}</English>}{i.detail ? <>: <English ctx={ctx}>{i.detail}</English></> : null}</li>
        ))}
      </ul>
    </div>
  )
}

/** A moment as curators read it in the editorial area: "2026-11-26 21:26 UTC". */
export function utc(d: Date | null, seconds = false): string {
  return d ? `${d.toISOString().replace('T', ' ').slice(0, seconds ? 19 : 16)} UTC` : ''
}
