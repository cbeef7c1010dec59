import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../../app.ts'
import { toCsv } from '../../../domain/csv.ts'
import { getIntervention, searchInterventions } from '../../../store/interventions.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { NotFoundError } from '../../errors.ts'
import { pageContext } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { CataloguePage } from '../../views/pages/catalogue.tsx'
import { InterventionPage } from '../../views/pages/intervention.tsx'
import { facetFilters } from '../../facet-params.ts'
import { CataloguePageQuery } from './page-query.ts'

const PAGE_SIZE = 20
/** The CSV export holds the whole result set, up to this many rows. */
const CSV_LIMIT = 10_000

export const interventionPages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    const catalogue = async (query: CataloguePageQuery, lang: Parameters<typeof loadVocabulary>[1], pageSize: number) => {
      const vocabulary = await loadVocabulary(deps.db, lang)
      const filters = facetFilters(query, vocabulary)
      const result = await searchInterventions(deps.db, { q: query.q || undefined, filters, sort: query.sort, page: query.page, pageSize }, vocabulary)
      return result
    }

    for (const url of ['/interventions', '/interventions.json']) {
      r.get(url, { schema: { hide: true, querystring: CataloguePageQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const result = await catalogue(req.query, ctx.lang, PAGE_SIZE)
        const names = new Map(result.facets.clearinghouse.map((f) => [f.value, f.label]))
        return sendPage(req, reply, {
          data: result,
          jsonHref: ctx.jsonHref,
          html: () => h(CataloguePage, { ctx, result, q: req.query.q ?? '', sort: req.query.sort, clearinghouseNames: names }),
        })
      })
    }

    r.get('/interventions.csv', { schema: { hide: true, querystring: CataloguePageQuery } }, async (req, reply) => {
      const result = await catalogue({ ...req.query, page: 1 }, 'en', CSV_LIMIT)
      const need = new Map(result.facets.need.map((f) => [f.value, f.label]))
      const origin = deps.publicUrl
      const csv = toCsv(
        ['id', 'name', 'acronyms', 'primary_needs', 'secondary_needs', 'prevention_levels', 'formats', 'best_tier', 'best_tier_grades', 'graded_in', 'description', 'url'],
        result.items.map((i) => [
          i.id,
          i.name,
          i.acronyms,
          i.needs.primary.map((n) => need.get(n) ?? n),
          i.needs.secondary.map((n) => need.get(n) ?? n),
          i.prevention.length ? i.prevention : 'unknown',
          i.formats.length ? i.formats : 'unknown',
          i.bestTier.id,
          i.bestTier.basis.map((b) => `${b.clearinghouse}: ${b.nativeLevel}${b.reviewDate ? ` (${b.reviewDate})` : ''}`),
          i.gradingGroups,
          i.description.en,
          `${origin}/interventions/${i.id}`,
        ]),
      )
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="perinatal-atlas-interventions.csv"')
        .header('Cache-Control', 'no-cache')
        .send(csv)
    })

    r.get('/interventions/:id', { schema: { hide: true, params: z.object({ id: z.string().max(120) }), querystring: z.object({ lang: z.string().max(10).optional() }) } }, async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '')
      const iv = await getIntervention(deps.db, id)
      if (!iv) throw new NotFoundError(`No intervention with id "${id.slice(0, 100)}"`)
      const ctx = await pageContext(req, deps.db, deps.assets)
      const vocabulary = await loadVocabulary(deps.db, ctx.lang)
      const needNames = new Map(vocabulary.need.map((n) => [n.id, n.label]))
      return sendPage(req, reply, { data: iv, jsonHref: ctx.jsonHref, html: () => h(InterventionPage, { ctx, iv, needNames }) })
    })
  }
