import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import { gradesFromClearinghouse, listClearinghouses } from '../../store/clearinghouses.ts'
import type { AppDeps } from '../deps.ts'
import { NotFoundError } from '../kit/errors.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { ClearinghousePage, ClearinghousesPage } from './clearinghouse-pages.tsx'

const LangOnly = z.object({ lang: z.string().max(10).optional() })

/** The portals and their scales, and each portal's graded programmes: HTML pages with JSON twins. */
export const clearinghousePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    for (const url of ['/clearinghouses', '/clearinghouses.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const items = await listClearinghouses(deps.db)
        return sendPage(req, reply, { data: { total: items.length, items }, jsonHref: ctx.jsonHref, html: () => h(ClearinghousesPage, { ctx, items }) })
      })
    }

    r.get('/clearinghouses/:id', { schema: { hide: true, params: z.object({ id: z.string().max(120) }), querystring: LangOnly.extend({ page: z.coerce.number().int().min(1).max(100_000).default(1) }) } }, async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '')
      const c = (await listClearinghouses(deps.db)).find((x) => x.id === id)
      if (!c) throw new NotFoundError(`No clearinghouse with id "${id.slice(0, 100)}"`)
      const ctx = await pageContext(req, deps)
      // The graded interventions a page at a time (GRADED_PAGE_SIZE), so the page stays small at any catalogue size.
      const { graded, total, page, pageSize } = await gradesFromClearinghouse(deps.db, id, req.query.page)
      const paging = { total, page, pageSize }
      return sendPage(req, reply, { data: { ...c, graded, gradedPaging: paging }, jsonHref: ctx.jsonHref, html: () => h(ClearinghousePage, { ctx, c, graded, paging }) })
    })
  }
