import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { can, type Permission } from '../../domain/roles.ts'
import type { Db } from '../../store/database.ts'
import { sessionUser, type SessionUser } from '../../store/sessions.ts'
import { isEditorialRoute } from '../kit/privacy.ts'
import { SNAPSHOT_LIMITS } from '../../importers/read-snapshot.ts'

export const SESSION_COOKIE = 'atlas_session'
/** The largest snapshot file an editor may upload: the importer's own limit (the biggest portals list a few thousand programmes). */
export const MAX_UPLOAD_BYTES = SNAPSHOT_LIMITS.bytes
export const LOGIN_CSRF_COOKIE = 'atlas_login_csrf'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in curator, on editorial routes; never set on public pages. */
    user?: SessionUser
  }
}


export function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  // Secure behind TLS (directly, or a proxy the operator trusts via ATLAS_TRUST_PROXY).
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https', ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) }
}

export function safeEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function newLoginCsrf(): string {
  return randomBytes(24).toString('base64url')
}

export class AuthError extends Error {
  constructor(readonly statusCode: 401 | 403 | 429, message: string) {
    super(message)
    this.name = 'AuthError'
  }
}

/** Cookies, form bodies, and the session of a request to the editorial area. */
export async function registerAuth(app: FastifyInstance, db: Db): Promise<void> {
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 1024 * 1024 })
  // Snapshot uploads: one file, parsed into the body before the CSRF check below reads it.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { files: 1, fields: 10, fileSize: MAX_UPLOAD_BYTES, fieldSize: 10_000 } })
  app.addHook('onRequest', async (req, reply) => {
    // Decided on the matched route (so `/%61dmin` is the editorial area too), never on the raw URL.
    if (!isEditorialRoute(req)) return
    reply.header('Cache-Control', 'no-store')
    const token = req.cookies[SESSION_COOKIE]
    if (token) req.user = await sessionUser(db, token)
  })
  // Every state-changing request anywhere must come from our own pages: same origin, and the
  // session's token (or, for signing in, the token set in a cookie with the form). Checked once the
  // body is parsed and before it is validated, after the route's own access check (onRequest).
  app.addHook('preValidation', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return
    const origin = req.headers.origin
    if (origin && origin !== 'null') {
      let host: string
      try {
        host = new URL(origin).host
      } catch {
        throw new AuthError(403, 'The request’s Origin header is not a web origin; refused (CSRF protection).')
      }
      if (host !== req.headers.host) throw new AuthError(403, 'This request came from another site and was refused (CSRF protection).')
    }
    const login = req.routeOptions.url === '/login'
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf
    const expected = login ? req.cookies[LOGIN_CSRF_COOKIE] : req.user?.csrf
    if (!req.user && !login) throw new AuthError(401, 'Sign in first.')
    if (typeof sent !== 'string' || !safeEqual(sent, expected)) throw new AuthError(403, 'The form’s security token is missing or out of date (CSRF protection). Reload the page and try again.')
  })
}

/**
 * Guards one route, first thing (onRequest, before the body is even read): anonymous visitors are
 * sent to sign in (or get 401), the wrong role gets 403.
 */
export function requirePermission(permission: Permission | 'signed-in') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) {
      if (req.method === 'GET') {
        // The sign-in page speaks the language the editorial page was asked in.
        const lang = new URLSearchParams(req.url.split('?')[1] ?? '').get('lang')
        const keep = lang && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(lang) && lang.length <= 35 ? `&lang=${lang}` : ''
        return reply.redirect(`/login?next=${encodeURIComponent(req.url)}${keep}`, 303)
      }
      throw new AuthError(401, 'Sign in first.')
    }
    if (permission !== 'signed-in' && !can(req.user.role, permission))
      throw new AuthError(403, `Your role (${req.user.role}) may not do this.`)
  }
}
