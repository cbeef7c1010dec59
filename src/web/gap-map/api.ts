import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { CELL_LIST_LIMIT, FINDING_LIST_LIMIT, GapMapQuery } from './query.ts'
import { findingText, gapMapJson, loadGapMap } from './load.ts'
import { uiLanguageFromTag } from '../i18n/index.ts'
import { catalogueContext } from '../kit/catalogue.ts'
import { ErrorOut } from '../kit/schemas.ts'
import type { FastifyRequest } from 'fastify'

const Labelled = z.object({ id: z.string(), label: z.string() })
const Cell = z.object({
  primary: z.array(z.string()).describe(`Interventions with the need as a primary goal (at most ${CELL_LIST_LIMIT}; primaryCount says how many)`),
  secondary: z.array(z.string()).describe(`…as a secondary goal (at most ${CELL_LIST_LIMIT}; secondaryCount says how many)`),
  primaryCount: z.number().int(),
  secondaryCount: z.number().int(),
  bestTier: z.string().nullable(),
})
const Paging = z.object({ page: z.number().int(), pages: z.number().int(), pageSize: z.number().int(), rows: z.number().int().describe('Rows in the whole map'), from: z.number().int(), to: z.number().int() })
const Finding = z.object({ rule: z.string(), text: z.string(), interventionCount: z.number().int().optional().describe(`How many programmes the finding is about; its list names at most ${FINDING_LIST_LIMIT}`) }).catchall(z.unknown())
const GapMapOut = z.object({
  query: z.record(z.string(), z.unknown()),
  columns: z.array(Labelled),
  rowMode: z.string(),
  secondary: z.boolean(),
  interventions: z.number().int(),
  paging: Paging.describe('Which rows this answer holds; ask for the others with page='),
  sections: z.array(z.object({ id: z.string(), label: z.string(), rows: z.array(z.object({ id: z.string(), label: z.string().describe('The programme\'s correct name, or the group'), nameInReport: z.string().optional().describe('How the report prints the row, where it differs from the correct name'), kind: z.enum(['intervention', 'group']), bestTier: z.string().optional(), size: z.number().int(), cells: z.record(z.string(), Cell) })) })),
  totals: z.record(z.string(), z.object({ primary: z.number().int(), secondary: z.number().int() })),
  findings: z.array(Finding),
  lang: z.string(),
})

export const gapMapRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    const load = async (req: FastifyRequest, query: GapMapQuery) => {
      const cat = await catalogueContext(req, deps.db, uiLanguageFromTag(query.lang) ?? 'en')
      const view = await loadGapMap(cat, query)
      return gapMapJson(view, cat.tr, (f) => findingText(f, cat.tr, cat.needLabel))
    }
    r.get('/api/v1/gap-map', {
      schema: {
        operationId: 'getGapMap',
        summary: 'The evidence-and-gap map: rows of interventions or groups, columns of needs, cells with primary/secondary targets and best tier, and its findings',
        tags: ['gap map'],
        querystring: GapMapQuery,
        response: { 200: GapMapOut, 400: ErrorOut },
      },
    }, async (req) => load(req, req.query))
    r.get('/api/v1/gap-map/findings', {
      schema: {
        operationId: 'getGapFindings',
        summary: 'The gap findings for a map view, as data and as a sentence',
        tags: ['gap map'],
        querystring: GapMapQuery,
        response: { 200: z.object({ findings: z.array(Finding) }), 400: ErrorOut },
      },
    }, async (req) => ({ findings: (await load(req, req.query)).findings }))
  }
