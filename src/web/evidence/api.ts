import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listEvidence } from '../../store/evidence.ts'
import { loadVocabulary } from '../../store/vocabulary.ts'
import type { AppDeps } from '../deps.ts'
import { BadRequestError } from '../kit/errors.ts'
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
      const badFactor = factor?.filter((f) => !FACTORS.includes(f)) ?? []
      if (badFactor.length) throw new BadRequestError(`Unknown value ${JSON.stringify(badFactor[0]!.slice(0, 60))} for query parameter "factor"; expected one of: ${FACTORS.join(', ')}`)
      if (need?.length) {
        const known = new Set((await loadVocabulary(deps.db)).need.map((n) => n.id))
        const bad = need.filter((n) => !known.has(n))
        if (bad.length) throw new BadRequestError(`Unknown value ${JSON.stringify(bad[0]!.slice(0, 60))} for query parameter "need"; expected one of: ${[...known].join(', ')}`)
      }
      return listEvidence(deps.db, { need, factor })
    })
  }
