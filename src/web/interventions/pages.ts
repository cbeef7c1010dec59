import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { Readable } from 'node:stream'
import { csvCell } from '../../domain/csv.ts'
import { NotFoundError } from '../kit/errors.ts'
import { uiLanguageFromTag } from '../i18n/index.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { CataloguePage } from './catalogue-page.tsx'
import { InterventionPage } from './intervention-page.tsx'
import { catalogueContext, type CatalogueContext } from '../kit/catalogue.ts'
import { collectSoon } from '../kit/collect.ts'
import { loadCatalogue, loadCatalogueIds, loadGrades, loadGradesOf, loadIntervention, loadItems } from './load.ts'
import { CataloguePageQuery } from './query.ts'
import { GRADE_COLUMNS, gradeCsvRows } from '../../store/export.ts'
import { aboutRows, gradeSheet, workbook, type Sheet } from '../kit/spreadsheet.ts'
import type { MessageKey } from '../i18n/en.ts'

const PAGE_SIZE = 20
/** The XLSX export is built in memory, so it holds the results up to this many rows; the CSV streams them all. */
const CSV_LIMIT = 10_000
/** Programmes the CSV export reads at a time. */
const EXPORT_CHUNK = 500
/** An export of more programmes than this leaves enough garbage to be worth a collection after it. */
const BULK = 5000
const ID_COLUMNS = ['id', 'name', 'acronyms', 'primary_needs', 'secondary_needs', 'prevention_levels', 'formats', 'best_tier', 'best_tier_grades', 'graded_in', 'description', 'url']
const LABELLED_COLUMNS = ['col.name', 'col.acronyms', 'col.primaryNeeds', 'col.secondaryNeeds', 'col.prevention', 'col.formats', 'col.bestTier', 'col.gradedIn', 'col.description', 'col.url', 'col.id']

export const interventionPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    const catalogue = (cat: CatalogueContext, query: CataloguePageQuery, pageSize: number) =>
      loadCatalogue(cat, { q: query.q, sort: query.sort, page: query.page, pageSize, facets: query })

    /** The results as the reader's spreadsheets: programmes and every grade, headers and labels in her language. */
    const sheets = async (cat: CatalogueContext, query: CataloguePageQuery): Promise<{ interventions: Sheet; grades: Sheet }> => {
      const { tr } = cat
      const result = await catalogue(cat, { ...query, page: 1 }, CSV_LIMIT)
      const label = (key: keyof typeof result.facets) => new Map(result.facets[key].map((f) => [f.value, f.label]))
      const [need, prevention, format, grading] = [label('need'), label('prevention'), label('format'), label('grading')]
      const names = (m: Map<string, string>, xs: string[]) => (xs.length ? xs.map((x) => m.get(x) ?? x).join('; ') : tr.t('tier.unknown'))
      const interventions: Sheet = {
        name: tr.t('xlsx.sheet.interventions'),
        header: LABELLED_COLUMNS.map((k) => tr.t(k as MessageKey)),
        rows: result.items.map((i) => [i.name, i.acronyms.join('; '), names(need, i.needs.primary), i.needs.secondary.map((n) => need.get(n) ?? n).join('; '), names(prevention, i.prevention), names(format, i.formats), tr.t(`tier.${i.bestTier.id}` as MessageKey), i.gradingGroups.map((g) => grading.get(g) ?? g).join('; '), tr.pick(i.description).text, `${deps.publicUrl}/interventions/${i.id}`, i.id]),
        widths: [40, 14, 40, 40, 20, 20, 18, 24, 80, 50, 24],
      }
      return { interventions, grades: gradeSheet(tr, await loadGrades(cat, result)) }
    }

    for (const url of ['/interventions', '/interventions.json']) {
      r.get(url, { schema: { hide: true, querystring: CataloguePageQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const result = await catalogue(ctx.cat, req.query, PAGE_SIZE)
        const names = new Map(result.facets.clearinghouse.map((f) => [f.value, f.label]))
        return sendPage(req, reply, {
          data: result,
          jsonHref: ctx.jsonHref,
          html: () => h(CataloguePage, { ctx, result, q: req.query.q ?? '', sort: req.query.sort, clearinghouseNames: names }),
        })
      })
    }

    const csvQuery = CataloguePageQuery.extend({
      table: z.enum(['interventions', 'assessments']).default('interventions').describe('interventions: one row per programme; assessments: one row per grade of those programmes'),
      sep: z.enum(['comma', 'semicolon']).default('comma').describe('semicolon: for Excel in Nordic locales, which reads a comma as the decimal sign'),
    })
    r.get('/interventions.csv', {
      schema: {
        operationId: 'exportCatalogueCsv',
        summary: 'The current search results as CSV: one row per programme, or with table=assessments one row per grade',
        description: 'Takes the catalogue page\'s parameters (q, the facets, sort). UTF-8 with a byte-order mark (opens in Excel); cells that a spreadsheet would run as a formula start with an apostrophe. Column names are stable ids (English) so scripts can rely on them.',
        tags: ['exports'],
        querystring: csvQuery,
      },
    }, async (req, reply) => {
      const separator = req.query.sep === 'semicolon' ? ';' : ','
      // With an explicit language the columns are headed and labelled in it, as on the page; without
      // one they keep their stable ids, so scripts can rely on them.
      const lang = uiLanguageFromTag(req.query.lang)
      const cat = await catalogueContext(req, deps.db, lang ?? 'en')
      const { tr, vocabulary } = cat
      const grades = req.query.table === 'assessments'
      // Every result, streamed a chunk at a time: the whole catalogue (50,000 programmes) never sits
      // in memory at once, only its ids. Grades follow the programmes in name order, as before.
      const ids = await loadCatalogueIds(cat, { q: req.query.q, facets: req.query, sort: grades ? 'name' : req.query.sort })
      const label = (key: 'need' | 'prevention' | 'format' | 'grading') => new Map(vocabulary[key].map((t) => [t.id, t.label]))
      const [need, prevention, format, grading] = [label('need'), label('prevention'), label('format'), label('grading')]
      const names = (m: Map<string, string>, xs: string[]) => (xs.length ? xs.map((x) => m.get(x) ?? x).join('; ') : tr.t('tier.unknown'))
      type Item = Awaited<ReturnType<typeof loadItems>>[number]
      const header = grades ? (lang ? gradeSheet(tr, []).header : GRADE_COLUMNS) : lang ? LABELLED_COLUMNS.map((k) => tr.t(k as MessageKey)) : ID_COLUMNS
      const rowOf = (i: Item): unknown[] => lang
        ? [i.name, i.acronyms.join('; '), names(need, i.needs.primary), i.needs.secondary.map((n) => need.get(n) ?? n).join('; '), names(prevention, i.prevention), names(format, i.formats), tr.t(`tier.${i.bestTier.id}` as MessageKey), i.gradingGroups.map((g) => grading.get(g) ?? g).join('; '), tr.pick(i.description).text, `${deps.publicUrl}/interventions/${i.id}`, i.id]
        : [i.id, i.name, i.acronyms, i.needs.primary.map((n) => need.get(n) ?? n), i.needs.secondary.map((n) => need.get(n) ?? n), i.prevention.length ? i.prevention : 'unknown', i.formats.length ? i.formats : 'unknown', i.bestTier.id, i.bestTier.basis.map((b) => `${b.clearinghouse}: ${b.nativeLevel}${b.reviewDate ? ` (${b.reviewDate})` : ''}`), i.gradingGroups, i.description.en, `${deps.publicUrl}/interventions/${i.id}`]
      const line = (cells: readonly unknown[]) => cells.map(csvCell).join(separator) + '\r\n'
      async function* csv() {
        try {
          yield '\uFEFF' + line(header)
          for (let k = 0; k < ids.length; k += EXPORT_CHUNK) {
            const chunk = ids.slice(k, k + EXPORT_CHUNK)
            let out = ''
            if (grades) {
              const rows = await loadGradesOf(cat, chunk)
              for (const row of lang ? gradeSheet(tr, rows).rows : gradeCsvRows(rows)) out += line(row)
            } else for (const i of await loadItems(cat, chunk)) out += line(rowOf(i))
            yield out
            if ((k + EXPORT_CHUNK) % BULK === 0) collectSoon() // and along the way, so the garbage never piles up
          }
        } finally {
          if (ids.length > BULK) collectSoon()
        }
      }
      const name = `${grades ? 'perinatal-atlas-grades' : 'perinatal-atlas-interventions'}${lang ? `-${lang}` : ''}.csv`
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'no-cache')
        .send(Readable.from(csv()))
    })

    r.get('/interventions.xlsx', {
      schema: {
        operationId: 'exportCatalogueXlsx',
        summary: 'The current search results as an Excel workbook: programmes, every grade (one row each) and an About sheet with the data\'s version, date and licence',
        description: 'Takes the catalogue page\'s parameters and `lang` (en, fi, sv, nb, da) for the header row and sheet names; otherwise the language comes from Accept-Language.',
        tags: ['exports'],
        querystring: CataloguePageQuery,
      },
    }, async (req, reply) => {
      const ctx = await pageContext(req, deps)
      const { tr } = ctx
      const { interventions, grades } = await sheets(ctx.cat, req.query)
      const url = `${deps.publicUrl}/interventions${ctx.href('', ctx.query)}`
      const body = await workbook([interventions, grades], { name: tr.t('xlsx.sheet.about'), rows: aboutRows(tr, { ...ctx.stats, publicUrl: deps.publicUrl, url }) })
      if (interventions.rows.length > BULK) collectSoon()
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', 'attachment; filename="perinatal-atlas-interventions.xlsx"')
        .header('Cache-Control', 'no-cache')
        .send(body)
    })

    r.get('/interventions/:id', { schema: { hide: true, params: z.object({ id: z.string().max(120) }), querystring: z.object({ lang: z.string().max(10).optional() }) } }, async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '')
      const ctx = await pageContext(req, deps)
      const found = await loadIntervention(ctx.cat, id)
      if (!found) throw new NotFoundError(`No intervention with id "${id.slice(0, 100)}"`)
      const { iv, needNames } = found
      return sendPage(req, reply, { data: iv, jsonHref: ctx.jsonHref, html: () => h(InterventionPage, { ctx, iv, needNames, publicUrl: deps.publicUrl }) })
    })
  }
