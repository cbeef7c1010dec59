import type { FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../../../app.ts'
import { requirePermission } from '../../auth.ts'
import { auditRoutes } from './audit.ts'
import { backupRoutes } from './backup.ts'
import { draftRoutes } from './drafts.ts'
import { importRoutes } from './imports.ts'
import { recordRoutes } from './records.ts'
import { reviewRoutes } from './review.ts'
import type { AdminRoute } from './route.ts'
import { sessionRoutes } from './session.ts'
import { userRoutes } from './users.ts'

/** Every editorial route with the access it needs. Registration and the authorisation test both read this. */
export function adminRouteTable(deps: AppDeps): AdminRoute[] {
  return [...sessionRoutes(deps), ...recordRoutes(deps), ...draftRoutes(deps), ...reviewRoutes(deps), ...importRoutes(deps), ...userRoutes(deps), ...auditRoutes(deps), ...backupRoutes(deps)]
}

export const adminRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    for (const r of adminRouteTable(deps)) {
      app.route({
        method: r.method,
        url: r.url,
        schema: { hide: true, ...(r.params ? { params: r.params } : {}), ...(r.querystring ? { querystring: r.querystring } : {}), ...(r.body ? { body: r.body } : {}) },
        ...(r.access === 'public' ? {} : { onRequest: requirePermission(r.access) }),
        handler: r.handler,
      })
    }
  }
