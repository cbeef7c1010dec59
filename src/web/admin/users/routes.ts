import type { FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { ROLES } from '../../../domain/roles.ts'
import { addUser, listUsers, updateUser, UserError } from '../../../store/users.ts'
import { roleName } from '../layout.tsx'
import { UsersPage } from './users-page.tsx'
import { adminContext, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

export function userRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  const page = async (req: FastifyRequest, reply: FastifyReply, msg: { error?: string; notice?: string } = {}, status = 200) =>
    sendHtml(reply, h(UsersPage, { ctx: adminContext(req, deps.assets.css), users: await listUsers(db), ...msg }), status)
  /** A change the store refuses (a taken address, the last admin) is shown on the page, not lost. */
  const guard = async (req: FastifyRequest, reply: FastifyReply, fn: () => Promise<unknown>) => {
    try {
      return await fn()
    } catch (e) {
      if (e instanceof UserError) return page(req, reply, { error: e.message }, 400)
      throw e
    }
  }
  return [
    adminRoute({ method: 'GET', url: '/admin/users', access: 'users', handler: (req, reply) => page(req, reply) }),
    adminRoute({
      method: 'POST', url: '/admin/users', access: 'users',
      body: z.object({ _csrf: z.string().max(200), email: z.string().max(254), password: z.string().max(200), role: z.string().max(20) }).strict(),
      handler: async (req, reply) => guard(req, reply, async () => {
        const b = req.body
        const u = await addUser(db, b, req.user!.email)
        const ctx = adminContext(req, deps.assets.css)
        return page(req, reply, { notice: ctx.tr.t('admin.users.added', { email: u.email, role: roleName(ctx, u.role) }) })
      }),
    }),
    adminRoute({
      method: 'POST', url: '/admin/users/:id', access: 'users',
      params: z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1) }).strict(),
      body: z.object({ _csrf: z.string().max(200), role: z.enum(ROLES), disabled: z.literal('1').optional() }).strict(),
      handler: async (req, reply) => guard(req, reply, async () => {
        const b = req.body
        await updateUser(db, req.params.id, { role: b.role, disabled: b.disabled === '1' }, req.user!)
        return page(req, reply, { notice: adminContext(req, deps.assets.css).tr.t('admin.users.saved') })
      }),
    }),
  ]
}
