import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import type { AppDeps } from '../../../app.ts'
import { perRevision } from '../../../store/revision-cache.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { finderWindow, type FinderWindow, type Page } from '../../../domain/finder.ts'
import { FinderPageQuery, firstSentence, loadFinder, notFitText, reasonText, type FinderView } from '../../finder-query.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/index.ts'
import { pageContext } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { FinderPage, FinderSummaryPage } from '../../views/pages/finder.tsx'

/**
 * The finder's answer as JSON, in the page's order: the page's twin and the API share it. With a
 * window (the page and its twin) each list is the page's part of it, and `paging` says where it
 * stands; the texts are made only for what is shown (at 5,000 programmes, making them for every
 * programme took longer than all the rest of a request).
 */
export function finderJson(view: FinderView, tr: Translator, window?: FinderWindow) {
  const { answer } = view
  const results = window ? window.results.items : answer.results
  const notFit = window ? window.notFit.items : answer.notFit
  const notRecommended = window ? window.notRecommended.items : answer.notRecommended
  return {
    query: view.query,
    results: results.map((r) => {
      const what = tr.pick(r.facts.description)
      return { ...r, what: { text: firstSentence(what.text), lang: what.lang }, reasons: r.reasons.map((reason) => ({ ...reason, text: reasonText(reason, tr, view.needLabel) })) }
    }),
    notFit: notFit.map((n) => ({ ...n, reasons: n.reasons.map((reason) => ({ ...reason, text: notFitText(reason, tr) })) })),
    notRecommended: notRecommended.map((e) => ({
      ...e,
      reason: { ...e.reason, text: e.reason.grade ? tr.t(`reason.${e.reason.kind}`, { clearinghouse: e.reason.grade.clearinghouseName, grade: e.reason.grade.nativeLevel }) : gradeTextOrTier(e.tier, tr) },
    })),
    gaps: answer.gaps.map((need) => ({ need, label: view.needLabel(need), text: tr.t('finder.gap', { need: view.needLabel(need) }), evidence: view.evidence.filter((s) => s.needs.includes(need)).map((s) => s.id) })),
    evidence: view.evidence,
    ...(window ? { paging: { results: pagingOf(window.results), notFit: pagingOf(window.notFit), notRecommended: pagingOf(window.notRecommended) } } : {}),
  }
}
const pagingOf = ({ page, pageSize, pages, total, start }: Page<unknown>) => ({ page, pageSize, pages, total, start })
export type FinderJson = ReturnType<typeof finderJson>

const gradeTextOrTier = (tier: string, tr: Translator) => tr.t(`tier.${tier}` as MessageKey)

export const finderPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    // A family's needs must not linger in any cache between here and the browser.
    app.addHook('onSend', async (req, reply) => {
      if (/^\/finder(\/|\.json|$|\?)/.test(req.url)) reply.header('Cache-Control', 'no-store')
    })

    for (const url of ['/finder', '/finder.json']) {
      r.get(url, { schema: { hide: true, querystring: FinderPageQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const [view, vocabulary, kinds] = await Promise.all([
          loadFinder(deps.db, req.query, ctx.tr),
          loadVocabulary(deps.db, ctx.lang),
          perRevision(deps.db, 'finder:need-kinds', () => deps.db.selectFrom('need').select(['id', 'kind']).execute()),
        ])
        const kind = new Map(kinds.map((k) => [k.id, k.kind]))
        const needs = vocabulary.need.map((n) => ({ ...n, kind: kind.get(n.id) ?? 'need' }))
        const q = req.query
        const window = finderWindow(view.answer, { page: q.page, all: q.all === '1', notFitPage: q.notFitPage, excludedPage: q.excludedPage })
        const data = finderJson(view, ctx.tr, window)
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderPage, { ctx, view, data, needs }) })
      })
    }

    r.get('/finder/summary', { schema: { hide: true, querystring: FinderPageQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, deps.db, deps.assets)
      const view = await loadFinder(deps.db, req.query, ctx.tr)
      // The summary prints the first results only; its twin carries the same.
      const data = finderJson(view, ctx.tr, finderWindow(view.answer, {}))
      return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderSummaryPage, { ctx, view, data }) })
    })
  }
