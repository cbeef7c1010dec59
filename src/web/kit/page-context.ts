import type { FastifyRequest } from 'fastify'
import type { AppDeps } from '../deps.ts'
import { catalogueContext, type CatalogueContext } from './catalogue.ts'
import { negotiate, translator, uiLanguageFromTag, type Translator, type UiLanguage } from '../i18n/index.ts'

export type Query = Record<string, string | string[] | undefined>

/** What every page needs to render: the language, links that keep it, and the data's version. */
export interface PageContext {
  tr: Translator
  lang: UiLanguage
  /** The path of this page, without query. */
  path: string
  /** The parsed query of this request (validated by the route). */
  query: Query
  /** A link within the atlas that keeps an explicitly chosen language. */
  href(path: string, query?: Query): string
  /** This page in another language. */
  langHref(lang: UiLanguage): string
  /** This page's JSON twin. */
  jsonHref: string
  stats: CatalogueContext['stats']
  /** The catalogue as of this request, in the page's language. */
  cat: CatalogueContext
  assets: { css: string; gapMapJs?: string; finderJs?: string }
}

export function toSearch(query: Query): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '') continue
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** The language of a request and links that keep it: `?lang=` first, then Accept-Language. */
export interface RequestLanguage {
  tr: Translator
  lang: UiLanguage
  /** The language named in the URL, kept in links; undefined when negotiated. */
  explicit: UiLanguage | undefined
  path: string
  query: Query
  href(path: string, query?: Query): string
  langHref(lang: UiLanguage): string
}

export function requestLanguage(req: FastifyRequest): RequestLanguage {
  // Links mirror the URL the person used (not the validated query with its defaults filled in).
  const raw: Query = {}
  for (const [k, v] of new URLSearchParams(req.url.split('?')[1] ?? '')) {
    const prev = raw[k]
    raw[k] = prev === undefined ? v : ([] as string[]).concat(prev, v)
  }
  const explicit = uiLanguageFromTag(raw.lang)
  const lang = explicit ?? negotiate(req.headers['accept-language'])
  const path = req.url.split('?')[0]!.replace(/\.json$/, '') || '/'
  const query: Query = { ...raw }
  delete query.lang
  const withLang = (q: Query) => (explicit ? { ...q, lang: explicit } : q)
  return {
    tr: translator(lang),
    lang,
    explicit,
    path,
    query,
    href: (p, q = {}) => `${p}${toSearch(withLang(q))}`,
    langHref: (l) => `${path}${toSearch({ ...query, lang: l })}`,
  }
}

export async function pageContext(req: FastifyRequest, deps: Pick<AppDeps, 'db' | 'assets'>): Promise<PageContext> {
  const { tr, lang, path, query, href, langHref } = requestLanguage(req)
  const cat = await catalogueContext(req, deps.db, lang)
  return {
    tr,
    lang,
    path,
    query,
    href,
    langHref,
    jsonHref: `${path === '/' ? '/index' : path}.json${toSearch(query)}`,
    stats: cat.stats,
    cat,
    assets: deps.assets,
  }
}
