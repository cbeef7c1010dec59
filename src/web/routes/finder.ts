import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../../app.ts'
import { FinderQuery, loadFinder } from '../finder-query.ts'
import { isUiLanguage, translator } from '../i18n/index.ts'
import { ErrorOut, StatementOut } from '../schemas.ts'
import { finderJson } from './pages/finder.ts'

const Reason = z.object({ kind: z.string(), text: z.string() }).catchall(z.unknown())
const FinderOut = z.object({
  query: z.record(z.string(), z.unknown()),
  results: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string(), reasons: z.array(Reason) })),
  excluded: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string(), reason: z.record(z.string(), z.unknown()) })),
  gaps: z.array(z.object({ need: z.string(), label: z.string(), evidence: z.array(z.string()) })),
  evidence: z.array(StatementOut),
})

export const finderRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/finder', {
      schema: {
        operationId: 'findInterventions',
        summary: 'Ranked, explained interventions for a family\'s needs (nothing is stored or logged)',
        description: 'Ranking rules are documented in src/domain/finder.ts: primary fit, stage fit, evidence tier, secondary fit, format, country and Nordic grading, then name. Interventions graded "no effect" or "harmful" are returned in `excluded`, never in `results`.',
        tags: ['finder'],
        querystring: FinderQuery,
        response: { 200: FinderOut, 400: ErrorOut },
      },
    }, async (req, reply) => {
      reply.header('Cache-Control', 'no-store')
      const tr = translator(isUiLanguage(req.query.lang) ? req.query.lang : 'en')
      return finderJson(await loadFinder(deps.db, req.query, tr), tr)
    })
  }
