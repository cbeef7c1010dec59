import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { catalogueStats, databaseAnswers } from '../../store/meta.ts'
import { isWarm } from '../../store/warm.ts'
import type { AppDeps } from '../deps.ts'
import { StatsOut } from '../kit/schemas.ts'
import { citeAtlas, DATA_LICENCE } from '../../domain/licence.ts'

export const metaRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1', {
      schema: {
        operationId: 'getAtlas',
        summary: 'What the atlas holds: counts, data version and date, and where to go next',
        tags: ['meta'],
        response: {
          200: StatsOut.extend({
            licence: z.object({ id: z.string(), name: z.string(), url: z.string(), note: z.string() }),
            citation: z.string().describe('How to cite the atlas (fill in the address you used)'),
            links: z.record(z.string(), z.string()),
          }),
        },
      },
    }, async () => {
      const stats = await catalogueStats(deps.db)
      return {
      ...stats,
      licence: { ...DATA_LICENCE, note: 'The atlas\'s own data is open under this licence; each grade is a portal\'s own words, quoted briefly with its source page and credited to that portal.' },
      citation: citeAtlas({ url: '<address you used>', dataVersion: stats.dataVersion, accessed: '<date you read it>' }),
      links: {
        interventions: '/api/v1/interventions',
        clearinghouses: '/api/v1/clearinghouses',
        tiers: '/api/v1/tiers',
        table9: '/api/v1/reports/table-9',
        evidence: '/api/v1/evidence',
        openapi: '/api/openapi.json',
      },
      }
    })
    r.get('/healthz', { schema: { hide: true } }, async () => {
      await databaseAnswers(deps.db)
      // warm: the current revision's search index, finder catalogue and list items are built.
      return { status: 'ok', warm: await isWarm(deps.db) }
    })
  }
