import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { FinderQuery } from './query.ts'
import { finderJson, loadFinder } from './load.ts'
import { catalogueContext } from '../kit/catalogue.ts'
import { uiLanguageFromTag } from '../i18n/index.ts'
import { ErrorOut, GradeBasisOut, StatementOut } from '../kit/schemas.ts'

/** A grade as the finder quotes it: the catalogue's grade basis, with the portal's name and country. */
const Grade = GradeBasisOut.extend({ clearinghouseName: z.string(), country: z.string(), nordic: z.boolean() })
const Age = z.object({ prenatal: z.boolean(), fromMonths: z.number().nullable(), toMonths: z.number().nullable(), note: z.string().optional() })
const Reason = z.object({ kind: z.string(), text: z.string().describe('The reason as a sentence in the requested language') }).catchall(z.unknown())
const FinderOut = z.object({
  query: z.record(z.string(), z.unknown()),
  results: z.array(z.object({
    id: z.string(),
    name: z.string(),
    tier: z.string(),
    what: z.object({ text: z.string(), lang: z.string() }).describe('What it is, in a sentence: in the requested language where the catalogue has it, else English'),
    covers: z.array(z.object({ need: z.string(), role: z.enum(['primary', 'secondary']) })),
    misses: z.array(z.string()),
    bestGrade: Grade.nullable(),
    facts: z.object({ description: z.record(z.string(), z.string()), targetPopulation: z.string().nullable(), formats: z.array(z.string()), dosage: z.string().nullable(), childAge: Age.nullable() }),
    reasons: z.array(Reason),
  })).describe('Programmes that target a chosen need and suit the stage, best first (the page\'s order)'),
  notFit: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string(), reasons: z.array(Reason) })).describe('Every other programme, by name, with why it does not fit'),
  notRecommended: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string(), reason: z.object({ kind: z.enum(['harmful', 'no-effect']), grade: Grade.nullable(), text: z.string() }) })).describe('Programmes for a chosen need graded "harmful" or "no effect": never ranked'),
  gaps: z.array(z.object({ need: z.string(), label: z.string(), text: z.string(), evidence: z.array(z.string()) })).describe('Chosen needs that no programme targets'),
  evidence: z.array(StatementOut),
})

export const finderRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/finder', {
      schema: {
        operationId: 'findInterventions',
        summary: 'The needs finder\'s answer: what fits, ranked and explained; what does not, with reasons; gaps (nothing is stored or logged)',
        description: 'The rules are documented in docs/finder.md and src/domain/finder.ts. A result targets at least one chosen need and suits the stage; results are ranked by how many chosen needs they target, the strength of the best current grade, primary over secondary goals, grading in the chosen country\'s portal, stage fit, format, then name. Interventions graded "no effect" or "harmful" are returned in `notRecommended`, never in `results`. `lang` (en, fi, sv, nb, da) chooses the language of the texts.',
        tags: ['finder'],
        querystring: FinderQuery,
        response: { 200: FinderOut, 400: ErrorOut },
      },
    }, async (req, reply) => {
      reply.header('Cache-Control', 'no-store')
      const cat = await catalogueContext(req, deps.db, uiLanguageFromTag(req.query.lang) ?? 'en')
      return finderJson(await loadFinder(cat, req.query), cat.tr)
    })
  }
