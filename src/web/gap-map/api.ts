import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { loadVocabulary } from '../../store/vocabulary.ts'
import { findingText, GapMapQuery, loadGapMap } from './query.ts'
import { translator, uiLanguageFromTag } from '../i18n/index.ts'
import { ErrorOut } from '../kit/schemas.ts'
import { gapMapJson } from './pages.ts'

const Labelled = z.object({ id: z.string(), label: z.string() })
const Cell = z.object({ primary: z.array(z.string()), secondary: z.array(z.string()), bestTier: z.string().nullable() })
const Finding = z.object({ rule: z.string(), text: z.string() }).catchall(z.unknown())
const GapMapOut = z.object({
  query: z.record(z.string(), z.unknown()),
  columns: z.array(Labelled),
  rowMode: z.string(),
  secondary: z.boolean(),
  interventions: z.number().int(),
  sections: z.array(z.object({ id: z.string(), label: z.string(), rows: z.array(z.object({ id: z.string(), label: z.string().describe('The programme\'s correct name, or the group'), nameInReport: z.string().optional().describe('How the report prints the row, where it differs from the correct name'), kind: z.enum(['intervention', 'group']), bestTier: z.string().optional(), size: z.number().int(), cells: z.record(z.string(), Cell) })) })),
  totals: z.record(z.string(), z.object({ primary: z.number().int(), secondary: z.number().int() })),
  findings: z.array(Finding),
  lang: z.string(),
})

export const gapMapRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    const load = async (query: GapMapQuery) => {
      const tr = translator(uiLanguageFromTag(query.lang) ?? 'en')
      const view = await loadGapMap(deps.db, query, tr)
      const needs = (await loadVocabulary(deps.db, tr.lang)).need
      const needLabel = (id: string) => needs.find((n) => n.id === id)?.label ?? id
      return gapMapJson(view, tr, (f) => findingText(f, tr, needLabel))
    }
    r.get('/api/v1/gap-map', {
      schema: {
        operationId: 'getGapMap',
        summary: 'The evidence-and-gap map: rows of interventions or groups, columns of needs, cells with primary/secondary targets and best tier, and its findings',
        tags: ['gap map'],
        querystring: GapMapQuery,
        response: { 200: GapMapOut, 400: ErrorOut },
      },
    }, async (req) => load(req.query))
    r.get('/api/v1/gap-map/findings', {
      schema: {
        operationId: 'getGapFindings',
        summary: 'The gap findings for a map view, as data and as a sentence',
        tags: ['gap map'],
        querystring: GapMapQuery,
        response: { 200: z.object({ findings: z.array(Finding) }), 400: ErrorOut },
      },
    }, async (req) => ({ findings: (await load(req.query)).findings }))
  }
