import type { FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../deps.ts'
import { requirePermission } from './auth.ts'
import { auditRoutes } from './audit/routes.ts'
import { backupRoutes } from './backup/routes.ts'
import { draftRoutes } from './drafts/routes.ts'
import { importRoutes } from './imports/routes.ts'
import { recordRoutes } from './records/routes.ts'
import { reviewRoutes } from './review/routes.ts'
import type { AdminRoute } from './route.ts'
import { sessionRoutes } from './session/routes.ts'
import { userRoutes } from './users/routes.ts'

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
