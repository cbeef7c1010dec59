import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import type { AppDeps } from '../../../app.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { FinderQuery, loadFinder, reasonText, type FinderView } from '../../finder-query.ts'
import type { Translator } from '../../i18n/index.ts'
import { pageContext } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { FinderPage, FinderSummaryPage } from '../../views/pages/finder.tsx'

/** The finder's answer as JSON: the page's twin and the API share it. */
export function finderJson(view: FinderView, tr: Translator) {
  return {
    query: view.query,
    results: view.answer.results.map((r) => ({ ...r, reasons: r.reasons.map((reason) => ({ ...reason, text: reasonText(reason, tr, view.needLabel) })) })),
    excluded: view.answer.excluded,
    gaps: view.answer.gaps.map((need) => ({ need, label: view.needLabel(need), evidence: view.evidence.filter((s) => s.needs.includes(need)).map((s) => s.id) })),
    evidence: view.evidence,
  }
}

export const finderPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    // A family's needs must not linger in any cache between here and the browser.
    app.addHook('onSend', async (req, reply) => {
      if (/^\/finder(\/|\.json|$|\?)/.test(req.url)) reply.header('Cache-Control', 'no-store')
    })

    for (const url of ['/finder', '/finder.json']) {
      r.get(url, { schema: { hide: true, querystring: FinderQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const [view, vocabulary, kinds] = await Promise.all([
          loadFinder(deps.db, req.query, ctx.tr),
          loadVocabulary(deps.db, ctx.lang),
          deps.db.selectFrom('need').select(['id', 'kind']).execute(),
        ])
        const kind = new Map(kinds.map((k) => [k.id, k.kind]))
        const needs = vocabulary.need.map((n) => ({ ...n, kind: kind.get(n.id) ?? 'need' }))
        return sendPage(req, reply, { data: finderJson(view, ctx.tr), jsonHref: ctx.jsonHref, html: () => h(FinderPage, { ctx, view, needs }) })
      })
    }

    r.get('/finder/summary', { schema: { hide: true, querystring: FinderQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, deps.db, deps.assets)
      const view = await loadFinder(deps.db, req.query, ctx.tr)
      return sendPage(req, reply, { data: finderJson(view, ctx.tr), jsonHref: ctx.jsonHref, html: () => h(FinderSummaryPage, { ctx, view }) })
    })
  }
