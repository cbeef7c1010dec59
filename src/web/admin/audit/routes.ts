import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { listAudit } from '../../../store/audit.ts'
import { listArchived } from '../../../store/drafts.ts'
import { ArchivedPage, AuditPage } from './audit-page.tsx'
import { adminContext, LangParam, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

export function auditRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  return [
    adminRoute({
      method: 'GET', url: '/admin/audit', access: 'view',
      querystring: z.object({ before: z.coerce.number().int().min(1).optional(), ...LangParam }).strict(),
      handler: async (req, reply) => {
        const events = await listAudit(db, { limit: 50, before: req.query.before })
        return sendHtml(reply, h(AuditPage, { ctx: adminContext(req, deps.assets.css), events, next: events.length === 50 ? events[49]!.id : undefined }))
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/archived', access: 'view',
      handler: async (req, reply) => sendHtml(reply, h(ArchivedPage, { ctx: adminContext(req, deps.assets.css), archived: await listArchived(db) })),
    }),
  ]
}
