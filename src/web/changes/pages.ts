import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Feed } from 'feed'
import { h } from 'preact'
import type { AppDeps } from '../deps.ts'
import { ChangesQuery } from './query.ts'
import { loadChanges } from './load.ts'
import type { MessageKey } from '../i18n/en.ts'
import { pageContext, toSearch } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { ChangesPage, changeText } from './changes-page.tsx'

export const changePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    for (const url of ['/changes', '/changes.json']) {
      r.get(url, { schema: { hide: true, querystring: ChangesQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps)
        const { data, vocabulary, interventions } = await loadChanges(ctx.cat, req.query)
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(ChangesPage, { ctx, data, vocabulary, interventions }) })
      })
    }

    /** The feeds carry the same filters as the page, so a planner can follow one portal or one need. */
    const feed = async (req: FastifyRequest, q: ChangesQuery) => {
      const ctx = await pageContext(req, deps)
      const { data } = await loadChanges(ctx.cat, { ...q, page: 1 })
      // Absolute links from the configured public address, never from the request's Host header.
      const origin = deps.publicUrl
      const filters = toSearch({ clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, intervention: q.intervention })
      // The feed is as new as its newest event; with none, as new as the catalogue it reports on — never 1970.
      const loaded = ctx.stats.loadedAt
      const times = [...data.items.map((e) => Date.parse(e.recordedAt)), loaded ? Date.parse(loaded) : NaN].filter(Number.isFinite)
      const f = new Feed({
        title: `${ctx.tr.t('site.name')}: ${ctx.tr.t('changes.title')}`,
        description: ctx.tr.t('changes.lead'),
        id: `${origin}/changes${filters}`,
        link: `${origin}/changes${filters}`,
        language: ctx.lang,
        updated: times.length ? new Date(Math.max(...times)) : new Date(),
        copyright: 'Perinatal Atlas',
        feedLinks: { atom: `${origin}/changes/feed.atom${filters}`, json: `${origin}/changes/feed.json${filters}` },
      })
      for (const e of data.items)
        f.addItem({
          id: `${origin}/changes#change-${e.id}`,
          link: e.intervention ? `${origin}/interventions/${e.intervention}` : `${origin}/changes#change-${e.id}`,
          title: `${e.clearinghouseName}: ${e.name} – ${ctx.tr.t(`changes.kind.${e.kind}` as MessageKey)}`,
          description: changeText(e, ctx.tr),
          // Updated when the atlas recorded it; published on the day the portal was seen to change.
          date: new Date(e.recordedAt),
          published: new Date(`${e.retrievedAt}T00:00:00Z`),
        })
      return f
    }
    r.get('/changes/feed.atom', { schema: { operationId: 'getChangesAtom', summary: 'Changes found in monitored portals as an Atom feed (same filters as /changes)', tags: ['feeds'], querystring: ChangesQuery } }, async (req, reply) =>
      reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'no-cache').send((await feed(req, req.query)).atom1()),
    )
    r.get('/changes/feed.json', { schema: { operationId: 'getChangesJsonFeed', summary: 'Changes found in monitored portals as a JSON Feed (same filters as /changes)', tags: ['feeds'], querystring: ChangesQuery } }, async (req, reply) =>
      reply.type('application/feed+json; charset=utf-8').header('Cache-Control', 'no-cache').send((await feed(req, req.query)).json1()),
    )
  }
