import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Feed } from 'feed'
import { h } from 'preact'
import type { AppDeps } from '../deps.ts'
import { listChanges } from '../../store/snapshots.ts'
import { loadVocabulary } from '../../store/vocabulary.ts'
import { CHANGE_KINDS, ChangesQuery } from './query.ts'
import { BadRequestError } from '../kit/errors.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import { pageContext, toSearch } from '../kit/page-context.ts'
import { sendPage } from '../kit/respond.ts'
import { ChangesPage, changeText } from './changes-page.tsx'

const PAGE_SIZE = 50

export async function loadChanges(deps: AppDeps, q: ChangesQuery, lang: Translator['lang']) {
  const vocabulary = await loadVocabulary(deps.db, lang)
  const check = (key: 'clearinghouse' | 'need', values: string[] | undefined) => {
    const known = new Set(vocabulary[key].map((t) => t.id))
    const bad = values?.find((v) => !known.has(v))
    if (bad) throw new BadRequestError(`Unknown value ${JSON.stringify(bad.slice(0, 60))} for query parameter "${key}"; expected one of: ${[...known].join(', ')}`)
  }
  check('clearinghouse', q.clearinghouse)
  check('need', q.need)
  const badKind = q.kind?.find((k) => !(CHANGE_KINDS as readonly string[]).includes(k))
  if (badKind) throw new BadRequestError(`Unknown value ${JSON.stringify(badKind.slice(0, 60))} for query parameter "kind"; expected one of: ${CHANGE_KINDS.join(', ')}`)
  let interventions: { id: string; name: string }[] = []
  if (q.intervention?.length) {
    interventions = await deps.db.selectFrom('intervention_row').select(['id', 'name']).where('id', 'in', q.intervention).orderBy('name').execute()
    const known = new Set(interventions.map((r) => r.id))
    const bad = q.intervention.find((v) => !known.has(v))
    if (bad) throw new BadRequestError(`Unknown value ${JSON.stringify(bad.slice(0, 60))} for query parameter "intervention"; expected an intervention id such as "icdp"`)
  }
  const data = await listChanges(deps.db, { clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, intervention: q.intervention, page: q.page, pageSize: PAGE_SIZE })
  return { data, vocabulary, interventions }
}

export const changePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    for (const url of ['/changes', '/changes.json']) {
      r.get(url, { schema: { hide: true, querystring: ChangesQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const { data, vocabulary, interventions } = await loadChanges(deps, req.query, ctx.lang)
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(ChangesPage, { ctx, data, vocabulary, interventions }) })
      })
    }

    /** The feeds carry the same filters as the page, so a planner can follow one portal or one need. */
    const feed = async (req: FastifyRequest, q: ChangesQuery) => {
      const ctx = await pageContext(req, deps.db, deps.assets)
      const { data } = await loadChanges(deps, { ...q, page: 1 }, ctx.lang)
      // Absolute links from the configured public address, never from the request's Host header.
      const origin = deps.publicUrl
      const filters = toSearch({ clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, intervention: q.intervention })
      // The feed is as new as its newest event; with none, as new as the catalogue it reports on — never 1970.
      const loaded = await deps.db.selectFrom('catalogue_meta').select('value').where('key', '=', 'loaded_at').executeTakeFirst()
      const times = [...data.items.map((e) => Date.parse(e.recordedAt)), loaded ? Date.parse(String(loaded.value)) : NaN].filter(Number.isFinite)
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
