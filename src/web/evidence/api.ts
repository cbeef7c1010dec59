import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listEvidence } from '../../store/evidence.ts'
import type { AppDeps } from '../deps.ts'
import { requireKnown } from '../kit/errors.ts'
import { catalogueContext } from '../kit/catalogue.ts'
import { ErrorOut, EvidenceListOut, listParam } from '../kit/schemas.ts'

const FACTORS = ['risk', 'protective', 'intervention', 'context']

export const evidenceRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/evidence', {
      schema: {
        operationId: 'listEvidence',
        summary: 'Evidence statements from the chapter, with citations',
        tags: ['evidence'],
        querystring: z.object({ need: listParam('Need ids (any of them)'), factor: listParam(`Factor kinds: ${FACTORS.join(', ')}`) }).strict(),
        response: { 200: EvidenceListOut, 400: ErrorOut },
      },
    }, async (req) => {
      const { need, factor } = req.query
      requireKnown('factor', factor, FACTORS)
      requireKnown('need', need, (await catalogueContext(req, deps.db, 'en')).vocabulary.need.map((n) => n.id))
      return listEvidence(deps.db, { need, factor })
    })
  }
