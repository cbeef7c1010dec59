import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { AppDeps } from '../../../app.ts'
import { currentGradesByTier } from '../../../store/clearinghouses.ts'
import { FACET_KEYS } from '../../../store/facets.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { exportNotes, gapMapCsv, publicationTable, toMarkdown } from '../../gap-map-exports.ts'
import { aboutRows, workbook, type Sheet } from '../../spreadsheet.ts'
import { boundedCell, boundedFinding, findingText, GapMapQuery, loadGapMap, type GapMapView } from '../../gap-map-query.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/index.ts'
import { pageContext, type PageContext } from '../../page-context.ts'
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

/**
 * Map data for JSON: the same object the page renders, findings written out in the reader's
 * language; bounded like the page (one page of rows, a cell's and a finding's lists cut, with counts).
 */
export function gapMapJson(view: GapMapView, tr: Translator, writeFinding: (f: GapMapView['findings'][number]) => string) {
  return {
    query: view.query,
    columns: view.map.columns,
    rowMode: view.map.rowMode,
    secondary: view.map.secondary,
    interventions: view.map.interventions,
    paging: view.paging,
    sections: view.map.sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, cells: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, boundedCell(c)])) })) })),
    totals: view.map.totals,
    findings: view.findings.map((f) => ({ ...boundedFinding(f), text: writeFinding(f) })),
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

    /** The findings, source line and date every export carries, in the export's one language. */
    const notesFor = async (req: FastifyRequest, ctx: PageContext, view: GapMapView) => {
      const needs = (await loadVocabulary(deps.db, ctx.lang)).need
      const needLabel = (id: string) => needs.find((n) => n.id === id)?.label ?? id
      const url = `${deps.publicUrl}/gap-map${ctx.href('', ctx.query)}`
      return exportNotes(view, ctx.tr, (f) => findingText(f, ctx.tr, needLabel), { ...ctx.stats, url })
    }
    const doc = (operationId: string, summary: string) => ({ operationId, summary, tags: ['exports'], querystring: GapMapQuery })

    r.get('/gap-map.csv', { schema: doc('exportGapMapCsv', 'The gap map as CSV in the reader\'s language, followed by its findings, the data source line and the date') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="perinatal-atlas-gap-map.csv"').header('Cache-Control', 'no-cache').send(gapMapCsv(view, ctx.tr, await notesFor(req, ctx, view)))
    })

    r.get('/gap-map.md', { schema: doc('exportGapMapMarkdown', 'The gap map as a Markdown table in publication layout, with its findings, source and date (stored text escaped for Markdown)') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const md = toMarkdown(publicationTable(view, ctx.tr, await notesFor(req, ctx, view)))
      return reply.type('text/markdown; charset=utf-8').header('Cache-Control', 'no-cache').send(md)
    })

    r.get('/gap-map/table.html', { schema: doc('exportGapMapHtml', 'The gap map as a bare HTML table in publication layout (paste into a document), with its findings, source and date') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const t = publicationTable(view, ctx.tr, await notesFor(req, ctx, view))
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send('<!doctype html>' + renderToString(h(PublicationTablePage, { t, lang: ctx.lang })))
    })

    r.get('/gap-map.xlsx', { schema: doc('exportGapMapXlsx', 'The gap map as an Excel workbook: the map, its findings, and an About sheet with source, date and licence') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const { tr } = ctx
      const notes = await notesFor(req, ctx, view)
      const t = publicationTable(view, tr, notes)
      const map: Sheet = { name: tr.t('xlsx.sheet.map'), header: [tr.t('col.section'), ...t.head], rows: t.sections.flatMap((s) => s.rows.map((r) => [s.label, ...r])), widths: [30, 50, ...t.head.slice(1).map(() => 18)] }
      const findings: Sheet = { name: tr.t('xlsx.sheet.findings'), header: [notes.findingsHeading], rows: notes.findings.map((f) => [f]), widths: [140] }
      const url = `${deps.publicUrl}/gap-map${ctx.href('', ctx.query)}`
      const body = await workbook([map, findings], { name: tr.t('xlsx.sheet.about'), rows: aboutRows(tr, { ...ctx.stats, publicUrl: deps.publicUrl, url, selection: t.caption }) })
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', 'attachment; filename="perinatal-atlas-gap-map.xlsx"')
        .header('Cache-Control', 'no-cache')
        .send(body)
    })

    r.get('/gap-map.svg', { schema: doc('exportGapMapSvg', 'The gap map as a picture (SVG), with its findings, source and date under it') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const tiers = await deps.db.selectFrom('tier').select('id').orderBy('rank').execute()
      const labels = tiers.map((t) => ({ id: t.id, label: ctx.tr.t(`tier.${t.id}` as MessageKey) }))
      const notes = await notesFor(req, ctx, view)
      const title = view.query.scope === 'table-9' && view.publication ? view.publication.caption : ctx.tr.t('gap.title')
      return sendSvg(reply, (await charts()).matrixPicture(view.map, { title, description: ctx.tr.t('gap.caption') }, labels, [notes.findingsHeading, ...notes.findings.map((f) => `• ${f}`), notes.source, notes.date]))
    })

    r.get('/gap-map/charts/coverage.svg', { schema: doc('getCoverageChart', 'Bar chart (SVG): interventions per need in this map') }, async (req, reply) => {
      const { ctx, view } = await load(req)
      const { tr } = ctx
      return sendSvg(reply, (await charts()).coverageChart(view.map, { primary: tr.t('gap.primaryMark'), secondary: tr.t('gap.secondaryMark'), title: tr.t('gap.chart.coverage'), description: tr.t('gap.chart.coverageAlt'), count: tr.t('gap.col.count') }))
    })

    for (const url of ['/gap-map/charts/tiers.svg', '/gap-map/charts/tiers.json']) {
      const svg = url.endsWith('.svg')
      r.get(url, { schema: { operationId: svg ? 'getTierChart' : 'getTierChartData', summary: svg ? 'Stacked bar chart (SVG): current grades by clearinghouse and tier' : 'The numbers behind the tier chart', tags: ['exports'], querystring: GapMapQuery.pick({ lang: true }) } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const [rows, tiers] = await Promise.all([currentGradesByTier(deps.db), deps.db.selectFrom('tier').select(['id', 'rank']).orderBy('rank').execute()])
        if (url.endsWith('.json')) return reply.send({ items: rows })
        const labels = tiers.map((t) => ({ id: t.id, label: ctx.tr.t(`tier.${t.id}` as MessageKey) }))
        return sendSvg(reply, (await charts()).tierChart(rows, labels, { title: ctx.tr.t('gap.chart.tiers'), description: ctx.tr.t('gap.chart.tiersAlt'), count: ctx.tr.t('gap.col.count') }))
      })
    }
  }
