import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { z } from 'zod'
import type { Permission } from '../../domain/roles.ts'
import { requestLanguage } from '../kit/page-context.ts'
import type { AdminContext } from './layout.tsx'

type Schema = z.ZodType | undefined
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : unknown

/** One editorial route and who may use it: the table the authorisation test walks. */
export interface AdminRoute<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: 'GET' | 'POST'
  url: string
  access: Permission | 'signed-in' | 'public'
  params?: P
  querystring?: Q
  body?: B
  /** The request as its schemas parsed it: handlers read typed params, query and body, with no casts. */
  handler: (req: FastifyRequest<{ Params: Parsed<P>; Querystring: Parsed<Q>; Body: Parsed<B> }>, reply: FastifyReply) => Promise<unknown>
}

/**
 * Declares a route of the table. The handler is type-checked against its own schemas here; the
 * table then holds routes of different shapes, and Fastify validates each request with the same
 * schemas before the handler runs, so the types the handler was checked with are what it receives.
 */
export function adminRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(route: AdminRoute<P, Q, B>): AdminRoute {
  return route as unknown as AdminRoute
}

/** `?lang=` on an editorial page: checked by the language negotiation, so any short tag is let through. */
export const LangParam = { lang: z.string().max(35).optional() }

/** The page a refused form is shown on, as an address one can open: the form's action minus the action. */
function pageOf(method: string, path: string): string {
  if (method !== 'POST') return path
  return path
    .replace(/^(\/admin\/drafts\/\d+)\/(publish|reject|withdraw)$/, '$1')
    .replace(/^(\/admin\/records\/[^/]+\/[^/]+)\/archive$/, '$1')
    .replace(/^(\/admin\/records\/[^/]+\/[^/]+\/versions\/\d+)\/restore$/, '$1')
    .replace(/^(\/admin\/records\/[^/]+)$/, '$1/new')
}

export function adminContext(req: FastifyRequest, css: string): AdminContext {
  const l = requestLanguage(req)
  // The language switcher of a page shown after a POST links to the page itself (GET), not to the action.
  const page = pageOf(req.method, l.path)
  const langHref = page === l.path ? l.langHref : (lang: Parameters<typeof l.langHref>[0]) => `${page}?lang=${lang}`
  return { user: req.user, css, path: page, tr: l.tr, lang: l.lang, href: l.href, langHref }
}

export function sendHtml(reply: FastifyReply, page: VNode<any>, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send('<!doctype html>' + renderToString(page))
}

/** After a successful POST: back to a page by GET, so reloading never repeats the action. */
export function seeOther(reply: FastifyReply, url: string) {
  // The language named in the URL of the form's action goes on to the page shown next.
  const { explicit } = requestLanguage(reply.request)
  const to = explicit && !/[?&]lang=/.test(url) ? `${url}${url.includes('?') ? '&' : '?'}lang=${explicit}` : url
  return reply.redirect(to, 303)
}
