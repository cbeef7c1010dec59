import type { FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { draftIsStale } from '../../../domain/document-diff.ts'
import type { RecordKind } from '../../../domain/record-kinds.ts'
import { getDraft, listDrafts } from '../../../store/drafts.ts'
import { publishDraft, rejectDraft, withdrawDraft } from '../../../workflows/publish/drafts.ts'
import { readDocument } from '../../../store/documents.ts'
import { EditorialError } from '../../../domain/errors.ts'
import { NotFoundError } from '../../kit/errors.ts'
import { DraftListPage, DraftPage } from './drafts-page.tsx'
import { adminContext, LangParam, seeOther, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

const DraftParams = z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1) }).strict()
const Decision = z.object({ _csrf: z.string().max(200), revision: z.coerce.number().int().min(1), note: z.string().max(500).optional() }).strict()

export function draftRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  async function show(req: FastifyRequest, reply: FastifyReply, id: number, error?: string, status = 200) {
    const draft = await getDraft(db, id)
    if (!draft) throw new NotFoundError(`There is no draft #${id}.`)
    const live = await readDocument(db, draft.kind as RecordKind, draft.record_id)
    const stale = draftIsStale(draft, live)
    return sendHtml(reply, h(DraftPage, { ctx: adminContext(req, deps.assets.css), draft, live, stale, error }), status)
  }
  /** A decision the store refuses (stale, already decided) is shown on the draft's page, not lost. */
  type DecisionRequest = FastifyRequest<{ Params: z.output<typeof DraftParams>; Body: z.output<typeof Decision> }>
  const decide = (act: (req: DecisionRequest, id: number, body: z.output<typeof Decision>) => Promise<unknown>, then: (id: number) => string) =>
    async (req: DecisionRequest, reply: FastifyReply) => {
      const { id } = req.params
      try {
        await act(req, id, req.body)
      } catch (e) {
        if (e instanceof EditorialError && e.status !== 404) return show(req, reply, id, e.message, e.status)
        throw e
      }
      return seeOther(reply, then(id))
    }
  return [
    adminRoute({
      method: 'GET', url: '/admin/drafts', access: 'view',
      querystring: z.object({ status: z.enum(['open', 'published', 'rejected', 'withdrawn']).default('open'), ...LangParam }).strict(),
      handler: async (req, reply) => {
        const { status } = req.query
        return sendHtml(reply, h(DraftListPage, { ctx: adminContext(req, deps.assets.css), drafts: await listDrafts(db, { status }), status }))
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/drafts/:id', access: 'view', params: DraftParams,
      handler: async (req, reply) => show(req, reply, req.params.id),
    }),
    adminRoute({
      method: 'POST', url: '/admin/drafts/:id/publish', access: 'review', params: DraftParams, body: Decision,
      handler: decide((req, id, b) => publishDraft(db, req.user!, id, b.revision), (id) => `/admin/drafts/${id}`),
    }),
    adminRoute({
      method: 'POST', url: '/admin/drafts/:id/reject', access: 'review', params: DraftParams, body: Decision,
      handler: decide((req, id, b) => rejectDraft(db, req.user!, id, b.revision, b.note?.trim() ?? ''), (id) => `/admin/drafts/${id}`),
    }),
    adminRoute({
      method: 'POST', url: '/admin/drafts/:id/withdraw', access: 'edit', params: DraftParams, body: Decision,
      handler: decide((req, id, b) => withdrawDraft(db, req.user!, id, b.revision), (id) => `/admin/drafts/${id}`),
    }),
  ]
}
