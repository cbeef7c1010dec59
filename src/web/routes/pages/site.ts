import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../../app.ts'
import { gradesFromClearinghouse, listClearinghouses } from '../../../store/clearinghouses.ts'
import { listEvidence } from '../../../store/evidence.ts'
import { searchInterventions } from '../../../store/interventions.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { BadRequestError, NotFoundError } from '../../errors.ts'
import { pageContext } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { AboutPage } from '../../views/pages/about.tsx'
import { ClearinghousePage, ClearinghousesPage } from '../../views/pages/clearinghouses.tsx'
import { EvidencePage } from '../../views/pages/evidence.tsx'
import { HomePage } from '../../views/pages/home.tsx'

const LangOnly = z.object({ lang: z.string().max(10).optional() })

/** Home, clearinghouses, evidence and about: each an HTML page with a JSON twin. */
export const sitePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    for (const url of ['/', '/index.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const vocabulary = await loadVocabulary(deps.db, ctx.lang)
        const { facets } = await searchInterventions(deps.db, { filters: {}, sort: 'name', page: 1, pageSize: 1 }, vocabulary)
        return sendPage(req, reply, {
          data: { ...ctx.stats, needs: facets.need, prevention: facets.prevention },
          jsonHref: ctx.jsonHref,
          html: () => h(HomePage, { ctx, needs: facets.need, prevention: facets.prevention }),
        })
      })
    }

    for (const url of ['/clearinghouses', '/clearinghouses.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const items = await listClearinghouses(deps.db)
        return sendPage(req, reply, { data: { total: items.length, items }, jsonHref: ctx.jsonHref, html: () => h(ClearinghousesPage, { ctx, items }) })
      })
    }

    r.get('/clearinghouses/:id', { schema: { hide: true, params: z.object({ id: z.string().max(120) }), querystring: LangOnly.extend({ page: z.coerce.number().int().min(1).max(100_000).default(1) }) } }, async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '')
      const c = (await listClearinghouses(deps.db)).find((x) => x.id === id)
      if (!c) throw new NotFoundError(`No clearinghouse with id "${id.slice(0, 100)}"`)
      const ctx = await pageContext(req, deps.db, deps.assets)
      // The graded interventions a page at a time (GRADED_PAGE_SIZE), so the page stays small at any catalogue size.
      const { graded, total, page, pageSize } = await gradesFromClearinghouse(deps.db, id, req.query.page)
      const paging = { total, page, pageSize }
      return sendPage(req, reply, { data: { ...c, graded, gradedPaging: paging }, jsonHref: ctx.jsonHref, html: () => h(ClearinghousePage, { ctx, c, graded, paging }) })
    })

    for (const url of ['/evidence', '/evidence.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly.extend({ need: z.string().max(100).optional() }) } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const vocabulary = await loadVocabulary(deps.db, ctx.lang)
        const need = req.query.need || undefined
        if (need && !vocabulary.need.some((n) => n.id === need))
          throw new BadRequestError(`Unknown value ${JSON.stringify(need.slice(0, 60))} for query parameter "need"`)
        const data = await listEvidence(deps.db, { need: need ? [need] : undefined })
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(EvidencePage, { ctx, data, needs: vocabulary.need, selected: need }) })
      })
    }

    for (const url of ['/about', '/about.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        return sendPage(req, reply, {
          data: { ...ctx.stats, source: 'https://pub.norden.org/nord2026-002/', tiers: '/api/v1/tiers', clearinghouses: '/api/v1/clearinghouses', dataPackage: '/data/datapackage.json' },
          jsonHref: ctx.jsonHref,
          html: () => h(AboutPage, { ctx, publicUrl: deps.publicUrl }),
        })
      })
    }
  }
