import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { interventionNameMap } from '../../../store/changes.ts'
import { Slug } from '../../../domain/source.ts'
import { decideGradeChange, decideMatch } from '../../../workflows/review/snapshot-findings.ts'
import { pendingGradeChanges, pendingMatches } from '../../../store/review-queue.ts'
import { decideWatchFinding } from '../../../workflows/review/watch-findings.ts'
import { findingVersions, pendingWatchFindings, watchStatus } from '../../../store/watch-review.ts'
import { ReviewPage } from './review-page.tsx'
import { WatchPage } from './watch-page.tsx'
import { adminContext, seeOther, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

export function reviewRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  return [
    adminRoute({
      method: 'GET', url: '/admin/review', access: 'view',
      handler: async (req, reply) => {
        const [matches, changes, names, watch] = await Promise.all([pendingMatches(db), pendingGradeChanges(db), interventionNameMap(db), pendingWatchFindings(db)])
        const versions = await findingVersions(db, [...new Set(watch.flatMap((f) => [f.version_id, f.previous_version_id]).filter((v): v is number => v !== null))])
        return sendHtml(reply, h(ReviewPage, { ctx: adminContext(req, deps.assets.css), matches, changes, names, watch, versions }))
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/review/matches', access: 'review',
      body: z.object({ _csrf: z.string().max(200), clearinghouse: Slug.max(100), key: z.string().min(1).max(500), intervention: z.union([Slug.max(100), z.literal('')]) }).strict(),
      handler: async (req, reply) => {
        const b = req.body
        await decideMatch(db, req.user!, { clearinghouse: b.clearinghouse, key: b.key, intervention: b.intervention || null })
        return seeOther(reply, '/admin/review')
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/review/changes/:id', access: 'review',
      params: z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1) }).strict(),
      body: z.object({ _csrf: z.string().max(200), decision: z.enum(['confirmed', 'disputed']), note: z.string().max(500).optional() }).strict(),
      handler: async (req, reply) => {
        const b = req.body
        await decideGradeChange(db, req.user!, req.params.id, b.decision, b.note?.trim() ?? '')
        return seeOther(reply, '/admin/review')
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/watch', access: 'view',
      handler: async (req, reply) => sendHtml(reply, h(WatchPage, { ctx: adminContext(req, deps.assets.css), status: await watchStatus(db) })),
    }),
    adminRoute({
      method: 'POST', url: '/admin/review/watch/:id', access: 'review',
      params: z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1) }).strict(),
      body: z.object({ _csrf: z.string().max(200), decision: z.enum(['confirmed', 'dismissed']), note: z.string().max(500).optional() }).strict(),
      handler: async (req, reply) => {
        const b = req.body
        await decideWatchFinding(db, req.user!, req.params.id, b.decision, b.note?.trim() ?? '')
        return seeOther(reply, '/admin/review')
      },
    }),
  ]
}
