import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../../app.ts'
import { ADAPTERS } from '../../../importers/adapters.ts'
import { SnapshotOrderError } from '../../../store/snapshots.ts'
import { ImportsPage, type ImportResult } from '../../views/admin/imports.tsx'
import { adminContext, sendHtml, type AdminRoute } from './route.ts'

const adapters = Object.keys(ADAPTERS)

export function importRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  const page = async (req: FastifyRequest, reply: FastifyReply, result?: ImportResult, status = 200) => {
    const snapshots = await db.selectFrom('snapshot').select(['id', 'clearinghouse_id', 'file_name', 'retrieved_at', 'imported_at', 'imported_by', 'record_count']).orderBy('id', 'desc').limit(20).execute()
    return sendHtml(reply, h(ImportsPage, { ctx: adminContext(req, deps.assets.css), adapters, snapshots, result, today: new Date().toISOString().slice(0, 10) }), status)
  }
  return [
    { method: 'GET', url: '/admin/imports', access: 'edit', handler: (req, reply) => page(req, reply) },
    {
      method: 'POST', url: '/admin/imports', access: 'edit',
      body: z.object({
        _csrf: z.string().max(200),
        clearinghouse: z.enum(adapters as [string, ...string[]]),
        retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
        file: z.instanceof(Buffer),
      }).strict(),
      handler: async (req, reply) => {
        const b = req.body as { clearinghouse: string; retrieved: string; file: Buffer }
        // The importer reads files: the upload goes to a private temporary folder, named for the portal and date.
        const dir = await mkdtemp(join(tmpdir(), 'atlas-upload-'))
        const ext = b.file.subarray(0, 64).toString('utf8').trimStart().startsWith('[') || b.file.subarray(0, 64).toString('utf8').trimStart().startsWith('{') ? 'json' : 'csv'
        const file = join(dir, `${b.clearinghouse}-${b.retrieved}.${ext}`)
        try {
          await writeFile(file, b.file)
          const { importFile } = await import('../../../importers/run.ts')
          const outcome = await importFile(db, { clearinghouse: b.clearinghouse, file, retrievedAt: b.retrieved, importedBy: req.user!.email })
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
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      },
    },
  ]
}
