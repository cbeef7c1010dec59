import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { wholeCatalogueCounts } from '../../store/interventions.ts'
import { pageContext } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { AboutPage } from './about-page.tsx'
import { HomePage } from './home-page.tsx'

const LangOnly = z.object({ lang: z.string().max(10).optional() })

/** Home and about: each an HTML page with a JSON twin. */
export const sitePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()

    for (const url of ['/', '/index.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const facets = await wholeCatalogueCounts(ctx.cat.db, ['need', 'prevention'], ctx.cat.vocabulary)
        return sendPage(req, reply, {
          data: { ...ctx.stats, needs: facets.need, prevention: facets.prevention },
          jsonHref: ctx.jsonHref,
          html: () => h(HomePage, { ctx, needs: facets.need, prevention: facets.prevention }),
        })
      })
    }

    for (const url of ['/about', '/about.json']) {
      r.get(url, { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        return sendPage(req, reply, {
          data: { ...ctx.stats, source: 'https://pub.norden.org/nord2026-002/', tiers: '/api/v1/tiers', clearinghouses: '/api/v1/clearinghouses', dataPackage: '/data/datapackage.json' },
          jsonHref: ctx.jsonHref,
          html: () => h(AboutPage, { ctx, publicUrl: deps.publicUrl }),
        })
      })
    }
  }
