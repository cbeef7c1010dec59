import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import type { AppDeps } from '../deps.ts'
import { FinderPageQuery } from './query.ts'
import { finderWindow, type FinderAnswer } from '../../domain/finder.ts'
import { finderJson, loadFinder } from './load.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { FinderPage, FinderSummaryPage } from './finder-page.tsx'

export const finderPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    // A family's needs must not linger in any cache between here and the browser.
    app.addHook('onSend', async (req, reply) => {
      if (/^\/finder(\/|\.json|$|\?)/.test(req.url)) reply.header('Cache-Control', 'no-store')
    })

    for (const url of ['/finder', '/finder.json']) {
      r.get(url, { schema: { hide: true, querystring: FinderPageQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const q = req.query
        const windowOf = (answer: FinderAnswer) => finderWindow(answer, { page: q.page, all: q.all === '1', notFitPage: q.notFitPage, excludedPage: q.excludedPage })
        const view = await loadFinder(ctx.cat, q, windowOf)
        const needs = ctx.cat.vocabulary.need.map((n) => ({ ...n, kind: ctx.cat.needKinds.get(n.id) ?? 'need' }))
        const data = finderJson(view, ctx.tr, windowOf(view.answer))
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderPage, { ctx, view, data, needs }) })
      })
    }

    r.get('/finder/summary', { schema: { hide: true, querystring: FinderPageQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, deps)
      // The summary prints the first results only; its twin carries the same.
      const windowOf = (answer: FinderAnswer) => finderWindow(answer, {})
      const view = await loadFinder(ctx.cat, req.query, windowOf)
      const data = finderJson(view, ctx.tr, windowOf(view.answer))
      return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderSummaryPage, { ctx, view, data }) })
    })
  }
