import { LangSwitch } from './components/lang-switch.tsx'
import type { ComponentChildren } from 'preact'
import { UI_LANGUAGES } from '../i18n/index.ts'
import type { PageContext } from './page-context.ts'

const NAV = [
  { path: '/interventions', key: 'nav.interventions' },
  { path: '/finder', key: 'nav.finder' },
  { path: '/gap-map', key: 'nav.gapMap' },
  { path: '/clearinghouses', key: 'nav.clearinghouses' },
  { path: '/changes', key: 'nav.changes' },
  { path: '/evidence', key: 'nav.evidence' },
  { path: '/about', key: 'nav.about' },
] as const

/** The page frame: skip link, header, navigation, language switcher, main, footer. */
export function Layout({ ctx, title, children, description, scripts = [], feeds, jsonLd }: { ctx: PageContext; title: string; children: ComponentChildren; description?: string; scripts?: string[]; feeds?: { atom: string; json: string }; jsonLd?: string }) {
  const { tr } = ctx
  const retrieved = ctx.stats.dataRetrievedAt
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${tr.t('site.name')}`}</title>
        <meta name="description" content={description ?? tr.t('site.tagline')} />
        <link rel="stylesheet" href={ctx.assets.css} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/json" href={ctx.jsonHref} />
        {UI_LANGUAGES.filter((l) => l !== ctx.lang).map((l) => <link rel="alternate" hreflang={l} href={ctx.langHref(l)} />)}
        {feeds ? <link rel="alternate" type="application/atom+xml" title={tr.t('changes.atom')} href={feeds.atom} /> : null}
        {feeds ? <link rel="alternate" type="application/feed+json" title={tr.t('changes.jsonFeed')} href={feeds.json} /> : null}
        {/* Islands only enhance; every page works without them. */}
        {scripts.map((src) => <script type="module" src={src} />)}
        {/* Structured data (a data block, never run: not subject to script-src). Already escaped for the element. */}
        {jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} /> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">{tr.t('skip')}</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href={ctx.href('/')}>{tr.t('site.name')}</a>
            <span class="site-header__tagline">{tr.t('site.tagline')}</span>
            <LangSwitch ctx={ctx} />
          </div>
          <nav class="site-nav" aria-label={tr.t('nav.label')}>
            <ul class="container">
              {NAV.map((n) => (
                <li>
                  <a href={ctx.href(n.path)} aria-current={ctx.path === n.path || ctx.path.startsWith(`${n.path}/`) ? 'page' : undefined}>{tr.t(n.key)}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>
              {ctx.stats.dataVersion && retrieved ? tr.t('footer.data', { version: ctx.stats.dataVersion, date: tr.date(retrieved) }) : null}
              {ctx.lang !== 'en' ? ` ${tr.t('lang.contentNote')}` : null}
            </p>
            <ul class="inline-list">
              <li><a href={ctx.jsonHref}>{tr.t('footer.json')}</a></li>
              <li><a href="/api/openapi.json">{tr.t('footer.api')}</a></li>
              <li><a href={ctx.href('/about')}>{tr.t('footer.about')}</a></li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  )
}
