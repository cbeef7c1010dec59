import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LANGUAGES } from '../../domain/source.ts'
import { catalogueContext } from '../kit/catalogue.ts'
import { loadCatalogue, loadIntervention } from './load.ts'
import type { AppDeps } from '../deps.ts'
import { NotFoundError } from '../kit/errors.ts'
import { facetParamShape } from '../kit/facet-params.ts'
import { ErrorOut, InterventionListOut, InterventionOut } from '../kit/schemas.ts'

export const InterventionListQuery = z
  .object({
    q: z.string().trim().max(200).optional().describe('Full-text search over names, acronyms, aliases and descriptions; tolerates typos'),
    ...facetParamShape,
    sort: z.enum(['relevance', 'tier', 'name']).default('relevance'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    lang: z
      .enum([...LANGUAGES, 'no', 'nn'])
      .default('en')
      .transform((l) => (l === 'no' || l === 'nn' ? 'nb' : l))
      .describe('Language of facet labels (en, fi, sv, nb, da; no and nn mean nb); search covers every language whatever this is'),
  })
  .strict()

export const interventionRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    r.get('/api/v1/interventions', {
      schema: {
        operationId: 'searchInterventions',
        summary: 'Search and filter the catalogue',
        tags: ['catalogue'],
        querystring: InterventionListQuery,
        response: { 200: InterventionListOut, 400: ErrorOut },
      },
    }, async (req) => {
      const cat = await catalogueContext(req, deps.db, req.query.lang)
      const { q, sort, page, pageSize } = req.query
      return loadCatalogue(cat, { q, sort, page, pageSize, facets: req.query })
    })

    r.get('/api/v1/interventions/:id', {
      schema: {
        operationId: 'getIntervention',
        summary: 'One intervention with every assessment, its history, report inclusions and related evidence',
        tags: ['catalogue'],
        params: z.object({ id: z.string().max(100) }),
        response: { 200: InterventionOut, 404: ErrorOut },
      },
    }, async (req) => {
      const found = await loadIntervention(await catalogueContext(req, deps.db, 'en'), req.params.id)
      if (!found) throw new NotFoundError(`No intervention with id "${req.params.id.slice(0, 100)}"`)
      return found.iv
    })
  }
