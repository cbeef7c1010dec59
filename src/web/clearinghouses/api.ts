import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listClearinghouses, listTiers } from '../../store/clearinghouses.ts'
import type { AppDeps } from '../deps.ts'
import { ClearinghouseOut, TierOut } from '../kit/schemas.ts'

export const clearinghouseRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/clearinghouses', {
      schema: {
        operationId: 'listClearinghouses',
        summary: 'Clearinghouses with their rating scales and each level\'s harmonised tier and rationale',
        tags: ['catalogue'],
        response: { 200: z.object({ total: z.number().int(), items: z.array(ClearinghouseOut) }) },
      },
    }, async () => {
      const items = await listClearinghouses(deps.db)
      return { total: items.length, items }
    })
    r.get('/api/v1/tiers', {
      schema: {
        operationId: 'listTiers',
        summary: 'The harmonised evidence tiers, strongest first',
        tags: ['catalogue'],
        response: { 200: z.object({ items: z.array(TierOut) }) },
      },
    }, async () => ({ items: await listTiers(deps.db) }))
  }
