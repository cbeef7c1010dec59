import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { attemptLogin, createSession, endSession, LOGIN_LIMIT } from '../../../store/sessions.ts'
import { cookieOptions, LOGIN_CSRF_COOKIE, newLoginCsrf, SESSION_COOKIE } from '../auth.ts'
import { LoginPage } from './login-page.tsx'
import { adminContext, LangParam, seeOther, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

/** Only our own editorial pages are places to return to after signing in. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/admin(\/[A-Za-z0-9/_.?=&%-]*)?$/.test(next) ? next : '/admin')

export function sessionRoutes(deps: AppDeps): AdminRoute[] {
  return [
    adminRoute({
      method: 'GET', url: '/login', access: 'public',
      querystring: z.object({ next: z.string().max(500).optional(), out: z.literal('1').optional(), ...LangParam }).strict(),
      handler: async (req, reply) => {
        if (req.user) return seeOther(reply, safeNext(req.query.next))
        const csrf = newLoginCsrf()
        reply.setCookie(LOGIN_CSRF_COOKIE, csrf, cookieOptions(req, 3600))
        return sendHtml(reply, h(LoginPage, { ctx: adminContext(req, deps.assets.css), csrf, next: safeNext(req.query.next), signedOut: req.query.out === '1' }))
      },
    }),
    adminRoute({
      method: 'POST', url: '/login', access: 'public',
      body: z.object({ _csrf: z.string().max(200), email: z.string().max(254), password: z.string().max(200), next: z.string().max(500).optional() }).strict(),
      handler: async (req, reply) => {
        const body = req.body
        const result = await attemptLogin(deps.db, body.email, body.password, req.ip)
        if (!result.ok) {
          const csrf = newLoginCsrf()
          reply.setCookie(LOGIN_CSRF_COOKIE, csrf, cookieOptions(req, 3600))
          const { tr } = adminContext(req, deps.assets.css)
          const error = result.reason === 'limited' ? tr.t('admin.login.limited', { minutes: LOGIN_LIMIT.windowMinutes }) : tr.t('admin.login.wrong')
          if (result.reason === 'limited') reply.header('Retry-After', String(LOGIN_LIMIT.windowMinutes * 60))
          return sendHtml(reply, h(LoginPage, { ctx: adminContext(req, deps.assets.css), csrf, next: safeNext(body.next), error, email: body.email }), result.reason === 'limited' ? 429 : 401)
        }
        const s = await createSession(deps.db, result.userId)
        reply.setCookie(SESSION_COOKIE, s.token, cookieOptions(req, Math.floor((s.expires.getTime() - Date.now()) / 1000)))
        reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' })
        return seeOther(reply, safeNext(body.next))
      },
    }),
    adminRoute({
      method: 'POST', url: '/logout', access: 'signed-in',
      body: z.object({ _csrf: z.string().max(200) }).strict(),
      handler: async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE]
        if (token) await endSession(deps.db, token)
        reply.clearCookie(SESSION_COOKIE, { path: '/' })
        return seeOther(reply, '/login?out=1')
      },
    }),
  ]
}
