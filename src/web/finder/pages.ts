import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import type { AppDeps } from '../deps.ts'
import { loadVocabulary } from '../../store/vocabulary.ts'
import { FinderQuery, firstSentence, loadFinder, notFitText, reasonText, type FinderView } from './query.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { FinderPage, FinderSummaryPage } from './finder-page.tsx'

/** The finder's answer as JSON, in the page's order: the page's twin and the API share it. */
export function finderJson(view: FinderView, tr: Translator) {
  const { answer } = view
  return {
    query: view.query,
    results: answer.results.map((r) => {
      const what = tr.pick(r.facts.description)
      return { ...r, what: { text: firstSentence(what.text), lang: what.lang }, reasons: r.reasons.map((reason) => ({ ...reason, text: reasonText(reason, tr, view.needLabel) })) }
    }),
    notFit: answer.notFit.map((n) => ({ ...n, reasons: n.reasons.map((reason) => ({ ...reason, text: notFitText(reason, tr) })) })),
    notRecommended: answer.notRecommended.map((e) => ({
      ...e,
      reason: { ...e.reason, text: e.reason.grade ? tr.t(`reason.${e.reason.kind}`, { clearinghouse: e.reason.grade.clearinghouseName, grade: e.reason.grade.nativeLevel }) : gradeTextOrTier(e.tier, tr) },
    })),
    gaps: answer.gaps.map((need) => ({ need, label: view.needLabel(need), text: tr.t('finder.gap', { need: view.needLabel(need) }), evidence: view.evidence.filter((s) => s.needs.includes(need)).map((s) => s.id) })),
    evidence: view.evidence,
  }
}
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
      r.get(url, { schema: { hide: true, querystring: FinderQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const [view, vocabulary, kinds] = await Promise.all([
          loadFinder(deps.db, req.query, ctx.tr),
          loadVocabulary(deps.db, ctx.lang),
          deps.db.selectFrom('need').select(['id', 'kind']).execute(),
        ])
        const kind = new Map(kinds.map((k) => [k.id, k.kind]))
        const needs = vocabulary.need.map((n) => ({ ...n, kind: kind.get(n.id) ?? 'need' }))
        const data = finderJson(view, ctx.tr)
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderPage, { ctx, view, data, needs }) })
      })
    }

    r.get('/finder/summary', { schema: { hide: true, querystring: FinderQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, deps)
      const view = await loadFinder(deps.db, req.query, ctx.tr)
      const data = finderJson(view, ctx.tr)
      return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(FinderSummaryPage, { ctx, view, data }) })
    })
  }
