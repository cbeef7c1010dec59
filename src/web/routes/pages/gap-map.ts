import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { AppDeps } from '../../../app.ts'
import { currentGradesByTier } from '../../../store/clearinghouses.ts'
import { FACET_KEYS } from '../../../store/facets.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { gapMapCsv, publicationTable, toMarkdown } from '../../gap-map-exports.ts'
import { findingText, GapMapQuery, loadGapMap, type GapMapView } from '../../gap-map-query.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/index.ts'
import { pageContext } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { facetLabel } from '../../views/pages/catalogue.tsx'
import { GapMapPage } from '../../views/pages/gap-map.tsx'
import { PublicationTablePage } from '../../views/pages/gap-map-table.tsx'

/** The plotting library and its DOM are loaded on the first chart, not at start (they take ~0.2 s to load). */
const charts = () => import('../../../charts/gap-charts.ts')

/** Standalone SVG images may keep Plot's inline styles; they can run nothing and load nothing. */
function sendSvg(reply: FastifyReply, svg: string) {
  return reply
    .type('image/svg+xml; charset=utf-8')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('Cache-Control', 'no-cache')
    .send(svg)
}

/** Map data for JSON: the same object the page renders, findings written out in the reader's language. */
export function gapMapJson(view: GapMapView, tr: Translator, writeFinding: (f: GapMapView['findings'][number]) => string) {
  return {
    query: view.query,
    columns: view.map.columns,
    rowMode: view.map.rowMode,
    secondary: view.map.secondary,
    interventions: view.map.interventions,
    sections: view.map.sections,
    totals: view.map.totals,
    findings: view.findings.map((f) => ({ ...f, text: writeFinding(f) })),
    lang: tr.lang,
  }
}

export const gapMapPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    const load = async (req: FastifyRequest) => {
      const ctx = await pageContext(req, deps.db, deps.assets)
      const view = await loadGapMap(deps.db, req.query as GapMapQuery, ctx.tr)
      return { ctx, view }
    }
    const schema = { hide: true, querystring: GapMapQuery }

    for (const url of ['/gap-map', '/gap-map.json']) {
      r.get(url, { schema }, async (req, reply) => {
        const { ctx, view } = await load(req)
        const [vocabulary, tiers] = await Promise.all([loadVocabulary(deps.db, ctx.lang), deps.db.selectFrom('tier').select(['id', 'rank']).orderBy('rank').execute()])
        const needLabel = (id: string) => vocabulary.need.find((n) => n.id === id)?.label ?? id
        const facets = FACET_KEYS.filter((k) => k !== 'need').map((key) => ({
          key,
          legend: ctx.tr.t(`facet.${key}` as MessageKey),
          values: vocabulary[key].map((t) => ({ value: t.id, label: facetLabel(ctx, key, t.id, t.label), count: 1, selected: ((req.query as Record<string, unknown>)[key] as string[] | undefined)?.includes(t.id) ?? false })),
        }))
        return sendPage(req, reply, {
          data: gapMapJson(view, ctx.tr, (f) => findingText(f, ctx.tr, needLabel)),
          jsonHref: ctx.jsonHref,
          html: () => h(GapMapPage, { ctx, view, needs: vocabulary.need, tiers, facets }),
        })
      })
    }

    r.get('/gap-map.csv', { schema }, async (req, reply) => {
      const { view } = await load(req)
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="perinatal-atlas-gap-map.csv"').header('Cache-Control', 'no-cache').send(gapMapCsv(view))
    })

    r.get('/gap-map.md', { schema }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const md = toMarkdown(publicationTable(view, ctx.tr.t('gap.rowHeader'), ctx.tr.t('gap.caption'), (name) => ctx.tr.t('gap.inReport', { name })))
      return reply.type('text/markdown; charset=utf-8').header('Cache-Control', 'no-cache').send(md)
    })

    r.get('/gap-map/table.html', { schema }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const t = publicationTable(view, ctx.tr.t('gap.rowHeader'), ctx.tr.t('gap.caption'), (name) => ctx.tr.t('gap.inReport', { name }))
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send('<!doctype html>' + renderToString(h(PublicationTablePage, { t, lang: ctx.lang })))
    })

    r.get('/gap-map.svg', { schema }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const tiers = await deps.db.selectFrom('tier').select('id').orderBy('rank').execute()
      const labels = tiers.map((t) => ({ id: t.id, label: ctx.tr.t(`tier.${t.id}` as MessageKey) }))
      return sendSvg(reply, (await charts()).matrixPicture(view.map, { title: ctx.tr.t('gap.title'), description: ctx.tr.t('gap.caption') }, labels))
    })

    r.get('/gap-map/charts/coverage.svg', { schema }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const { tr } = ctx
      return sendSvg(reply, (await charts()).coverageChart(view.map, { primary: tr.t('gap.primaryMark'), secondary: tr.t('gap.secondaryMark'), title: tr.t('gap.chart.coverage'), description: tr.t('gap.chart.coverageAlt'), count: tr.t('gap.col.count') }))
    })

    for (const url of ['/gap-map/charts/tiers.svg', '/gap-map/charts/tiers.json']) {
      r.get(url, { schema: { hide: true, querystring: GapMapQuery.pick({ lang: true }) } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const [rows, tiers] = await Promise.all([currentGradesByTier(deps.db), deps.db.selectFrom('tier').select(['id', 'rank']).orderBy('rank').execute()])
        if (url.endsWith('.json')) return reply.send({ items: rows })
        const labels = tiers.map((t) => ({ id: t.id, label: ctx.tr.t(`tier.${t.id}` as MessageKey) }))
        return sendSvg(reply, (await charts()).tierChart(rows, labels, { title: ctx.tr.t('gap.chart.tiers'), description: ctx.tr.t('gap.chart.tiersAlt'), count: ctx.tr.t('gap.col.count') }))
      })
    }
  }
