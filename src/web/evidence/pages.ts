import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import { listEvidence } from '../../store/evidence.ts'
import type { AppDeps } from '../deps.ts'
import { requireKnown } from '../kit/errors.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { EvidencePage } from './evidence-page.tsx'

const LangOnly = z.object({ lang: z.string().max(10).optional() })

/** The chapter's evidence statements, by need: an HTML page with its JSON twin. */
export const evidencePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    for (const url of ['/evidence', '/evidence.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly.extend({ need: z.string().max(100).optional() }) } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const { vocabulary } = ctx.cat
        const need = req.query.need || undefined
        requireKnown('need', need ? [need] : undefined, vocabulary.need.map((n) => n.id))
        const data = await listEvidence(deps.db, { need: need ? [need] : undefined })
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(EvidencePage, { ctx, data, needs: vocabulary.need, selected: need }) })
      })
    }
  }
