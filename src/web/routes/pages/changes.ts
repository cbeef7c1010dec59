import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Feed } from 'feed'
import { h } from 'preact'
import type { AppDeps } from '../../../app.ts'
import { listChanges } from '../../../store/snapshots.ts'
import { loadVocabulary } from '../../../store/vocabulary.ts'
import { CHANGE_KINDS, ChangesQuery } from '../../changes-query.ts'
import { BadRequestError } from '../../errors.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/index.ts'
import { pageContext, toSearch } from '../../page-context.ts'
import { sendPage } from '../../respond.ts'
import { ChangesPage, changeText } from '../../views/pages/changes.tsx'

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
  const data = await listChanges(deps.db, { clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, page: q.page, pageSize: PAGE_SIZE })
  return { data, vocabulary }
}

export const changePages = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    for (const url of ['/changes', '/changes.json']) {
      r.get(url, { schema: { hide: true, querystring: ChangesQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, deps.db, deps.assets)
        const { data, vocabulary } = await loadChanges(deps, req.query, ctx.lang)
        return sendPage(req, reply, { data, jsonHref: ctx.jsonHref, html: () => h(ChangesPage, { ctx, data, vocabulary }) })
      })
    }

    /** The feeds carry the same filters as the page, so a planner can follow one portal or one need. */
    const feed = async (req: FastifyRequest, q: ChangesQuery) => {
      const ctx = await pageContext(req, deps.db, deps.assets)
      const { data } = await loadChanges(deps, { ...q, page: 1 }, ctx.lang)
      const origin = deps.publicUrl
      const filters = toSearch({ clearinghouse: q.clearinghouse, need: q.need, kind: q.kind })
      const f = new Feed({
        title: `${ctx.tr.t('site.name')}: ${ctx.tr.t('changes.title')}`,
        description: ctx.tr.t('changes.lead'),
        id: `${origin}/changes${filters}`,
        link: `${origin}/changes${filters}`,
        language: ctx.lang,
        updated: data.items[0] ? new Date(data.items[0].recordedAt) : new Date(0),
        copyright: 'Perinatal Atlas',
        feedLinks: { atom: `${origin}/changes/feed.atom${filters}`, json: `${origin}/changes/feed.json${filters}` },
      })
      for (const e of data.items)
        f.addItem({
          id: `${origin}/changes#change-${e.id}`,
          link: e.intervention ? `${origin}/interventions/${e.intervention}` : `${origin}/changes#change-${e.id}`,
          title: `${e.clearinghouseName}: ${e.name} – ${ctx.tr.t(`changes.kind.${e.kind}` as MessageKey)}`,
          description: changeText(e, ctx.tr),
          date: new Date(e.recordedAt),
        })
      return f
    }
    r.get('/changes/feed.atom', { schema: { hide: true, querystring: ChangesQuery } }, async (req, reply) =>
      reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'no-cache').send((await feed(req, req.query)).atom1()),
    )
    r.get('/changes/feed.json', { schema: { hide: true, querystring: ChangesQuery } }, async (req, reply) =>
      reply.type('application/feed+json; charset=utf-8').header('Cache-Control', 'no-cache').send((await feed(req, req.query)).json1()),
    )
  }
