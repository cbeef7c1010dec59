import type { FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { recentSnapshots } from '../../../store/changes.ts'
import { ADAPTERS } from '../../../importers/adapters.ts'
import { dateProblem } from '../../../domain/dates.ts'
import { SnapshotOrderError, WithdrawalError } from '../../../domain/errors.ts'
import { withdrawSnapshot } from '../../../workflows/import/snapshot.ts'
import { ImportsPage, type ImportResult } from './imports-page.tsx'
import { adminContext, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

const adapters = Object.keys(ADAPTERS)

export function importRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  const page = async (req: FastifyRequest, reply: FastifyReply, result?: ImportResult, status = 200) => {
    const snapshots = await recentSnapshots(db)
    return sendHtml(reply, h(ImportsPage, { ctx: adminContext(req, deps.assets.css), adapters, snapshots, result, today: new Date().toISOString().slice(0, 10) }), status)
  }
  return [
    // Everyone signed in sees the snapshots (a reviewer withdraws one from here); only editors import.
    adminRoute({ method: 'GET', url: '/admin/imports', access: 'view', handler: (req, reply) => page(req, reply) }),
    adminRoute({
      method: 'POST', url: '/admin/snapshots/:id/withdraw', access: 'review',
      params: z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) }),
      body: z.object({ _csrf: z.string().max(200), reason: z.string().max(1000) }).strict(),
      handler: async (req, reply) => {
        const { id } = req.params
        try {
          const r = await withdrawSnapshot(db, req.user!, id, req.body.reason)
          const { tr } = adminContext(req, deps.assets.css)
          return page(req, reply, { ok: true, translated: true, message: tr.t('admin.imports.withdrew', { id: String(id), events: r.events, grades: r.grades }) })
        } catch (e) {
          if (e instanceof WithdrawalError) return page(req, reply, { ok: false, message: e.message }, e.statusCode)
          throw e
        }
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/imports', access: 'edit',
      body: z.object({
        _csrf: z.string().max(200),
        clearinghouse: z.enum(adapters as [string, ...string[]]),
        retrieved: z.string().max(10).superRefine((v, ctx) => {
          const bad = dateProblem(v, { full: true })
          if (bad) ctx.addIssue({ code: 'custom', message: bad })
        }),
        file: z.instanceof(Buffer),
      }).strict(),
      handler: async (req, reply) => {
        const b = req.body
        // The upload is imported from memory (never written to a temporary file that a crash could leave behind).
        const head = b.file.subarray(0, 64).toString('utf8').trimStart()
        const ext = head.startsWith('[') || head.startsWith('{') ? 'json' : 'csv'
        const file = `${b.clearinghouse}-${b.retrieved}.${ext}`
        try {
          const { importFile } = await import('../../../importers/run.ts')
          const outcome = await importFile(db, { clearinghouse: b.clearinghouse, file, bytes: b.file, retrievedAt: b.retrieved, importedBy: req.user!.email })
          const { tr } = adminContext(req, deps.assets.css)
          if (!outcome.imported) return page(req, reply, { ok: true, translated: true, message: tr.t('admin.imports.nothingChanged'), detail: outcome.reason })
          return page(req, reply, { ok: true, translated: true, message: tr.t('admin.imports.imported', { id: String(outcome.snapshotId), changes: outcome.events.length, grades: outcome.assessmentsAdded, suggestions: outcome.suggestions }) })
        } catch (e) {
          if (e instanceof Error && e.name === 'ImportError') {
            const issues = (e as Error & { issues: ImportResult['issues'] }).issues
            return page(req, reply, { ok: false, translated: true, message: adminContext(req, deps.assets.css).tr.t('admin.imports.refused'), issues }, 400)
          }
          if (e instanceof SnapshotOrderError) return page(req, reply, { ok: false, message: e.message }, 409)
          throw e
        }
      },
    }),
  ]
}
