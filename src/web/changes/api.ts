import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { ChangesQuery } from './query.ts'
import { ErrorOut } from '../kit/schemas.ts'
import { loadChanges } from './load.ts'
import { catalogueContext } from '../kit/catalogue.ts'

const ChangeOut = z.object({
  id: z.number().int(),
  kind: z.enum(['added', 'delisted', 'grade-changed', 'review-date-changed', 'fields-changed']),
  clearinghouse: z.string(),
  clearinghouseName: z.string(),
  name: z.string(),
  recordKey: z.string(),
  intervention: z.string().nullable().describe('The catalogue intervention, when the record is matched with certainty'),
  interventionName: z.string().nullable(),
  match: z.string().describe('previous, url, name (certain); suggested (awaits an editor); none'),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  direction: z.enum(['up', 'down', 'same']).nullable(),
  changedFields: z.array(z.string()),
  retrievedAt: z.string(),
  recordedAt: z.string(),
  snapshot: z.number().int().nullable().describe('The snapshot the change was read from, or null'),
  pageVersion: z.number().int().nullable().describe('The version of the portal page the page watch read it from (confirmed by a reviewer), or null'),
})

export const changeRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/changes', {
      schema: {
        operationId: 'listChanges',
        summary: 'Change events from monitored clearinghouse snapshots and watched portal pages, newest first',
        tags: ['monitor'],
        querystring: ChangesQuery,
        response: { 200: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(ChangeOut) }), 400: ErrorOut },
      },
    }, async (req) => (await loadChanges(await catalogueContext(req, deps.db, 'en'), req.query)).data)
  }
