import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { z } from 'zod'
import type { Permission } from '../../../domain/roles.ts'
import type { AdminContext } from '../../views/admin/layout.tsx'

/** One editorial route and who may use it: the table the authorisation test walks. */
export interface AdminRoute {
  method: 'GET' | 'POST'
  url: string
  access: Permission | 'signed-in' | 'public'
  params?: z.ZodType
  querystring?: z.ZodType
  body?: z.ZodType
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>
}

export function adminContext(req: FastifyRequest, css: string): AdminContext {
  return { user: req.user, css, path: req.url.split('?')[0]! }
}

export function sendHtml(reply: FastifyReply, page: VNode<any>, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send('<!doctype html>' + renderToString(page))
}

/** After a successful POST: back to a page by GET, so reloading never repeats the action. */
export function seeOther(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303)
}
