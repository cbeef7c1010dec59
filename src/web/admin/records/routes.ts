import type { FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { loadTiers, loadVocabulary } from '../../../store/vocabulary.ts'
import { applyFormValues, FORM_FIELDS, LIMITS, RECORD_KINDS, tierFields, type RecordKind } from '../../../domain/record-kinds.ts'
import { Slug } from '../../../domain/source.ts'
import { listAudit } from '../../../store/audit.ts'
import { editToken, getVersion, listDrafts, listVersions, recordState } from '../../../store/drafts.ts'
import { saveDraft, type SaveResult } from '../../../workflows/publish/drafts.ts'
import { listRecordLabels } from '../../../store/documents.ts'
import { countPendingFindings } from '../../../store/review-queue.ts'
import { NotFoundError } from '../../kit/errors.ts'
import { HistoryPage, VersionPage } from './history-page.tsx'
import type { Issue } from '../layout.tsx'
import { OverviewPage } from './overview-page.tsx'
import { ConflictPage, NewRecordPage, RecordListPage, RecordPage } from './record-page.tsx'
import { adminContext, LangParam, seeOther, sendHtml, type AdminRoute, adminRoute } from '../route.ts'

const Kind = z.enum(RECORD_KINDS, { error: 'expected intervention, need, evidence-statement or clearinghouse' })
const KindParams = z.object({ kind: Kind }).strict()
const RecordParams = z.object({ kind: Kind, id: Slug.max(100) }).strict()
const VersionParams = RecordParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }).strict()
const FormValue = z.union([z.string().max(LIMITS.textarea), z.array(z.string().max(LIMITS.text)).max(50)])
const SaveBody = z
  .object({ _csrf: z.string().max(200), token: z.string().max(100), mode: z.enum(['fields', 'json', 'assessment']), document: z.string().max(LIMITS.document).optional() })
  .catchall(FormValue)
const CsrfToken = z.object({ _csrf: z.string().max(200), token: z.string().max(100) }).strict()

/** Skeletons for new records: the fields each kind needs, to be filled in. */
const TEMPLATES: Record<RecordKind, unknown> = {
  intervention: {
    name: '', acronyms: [], aliases: [], description: { en: '' },
    prevention: { levels: [], basis: { kind: 'unknown', note: 'Not yet established from a source.' } },
    needs: [], targetPopulation: null, childAge: null, formats: [], dosage: null, origin: null, links: [],
    factSources: [{ url: 'https://', retrievedAt: new Date().toISOString().slice(0, 10) }], assessments: [], ratingsNotFound: [], reportInclusions: [], mentions: [],
  },
  need: { domain: 'relationships-and-connectedness', kind: 'need', name: { en: '' }, description: { en: '' }, source: { document: '', retrievedAt: new Date().toISOString().slice(0, 10) } },
  'evidence-statement': { set: '', factor: 'context', outcome: '', population: '', direction: 'describes', statement: '', needs: [], citations: [{ authors: '', year: 2020 }] },
  clearinghouse: { name: '', shortName: '', country: '', region: 'other', kind: 'portal', url: null, status: 'unknown', description: { en: '' }, scales: [], notes: [], source: { url: 'https://', retrievedAt: new Date().toISOString().slice(0, 10) } },
}

export function recordRoutes(deps: AppDeps): AdminRoute[] {
  const { db } = deps
  const ctxOf = (req: FastifyRequest) => adminContext(req, deps.assets.css)
  const vocab = async () => {
    const [tiers, clearinghouses] = await Promise.all([loadTiers(db), loadVocabulary(db)])
    return { tiers: tiers.map((t) => t.id), clearinghouses: clearinghouses.clearinghouse.map((c) => c.id) }
  }

  async function renderRecord(req: FastifyRequest, reply: FastifyReply, kind: RecordKind, id: string, extra: { proposed?: unknown; issues?: Issue[]; saved?: boolean; typedAssessment?: Record<string, string> } = {}, status = 200) {
    const state = await recordState(db, kind, id)
    if (!state.live && !state.draft && !state.archived && !extra.proposed) throw new NotFoundError(`There is no ${kind} "${id}".`)
    return sendHtml(reply, h(RecordPage, { ctx: ctxOf(req), kind, id, state, ...(await vocab()), ...extra }), status)
  }

  async function answer(req: FastifyRequest, reply: FastifyReply, kind: RecordKind, id: string, result: SaveResult, proposed: unknown, typedAssessment?: Record<string, string>) {
    if (result.ok) return seeOther(reply, `/admin/records/${kind}/${id}?saved=${result.draftId}`)
    if (result.kind === 'conflict') return sendHtml(reply, h(ConflictPage, { ctx: ctxOf(req), kind, id, theirs: result.theirs, yours: proposed, token: result.token }), 409)
    return renderRecord(req, reply, kind, id, { proposed, issues: result.issues, typedAssessment }, 400)
  }

  return [
    adminRoute({
      method: 'GET', url: '/admin', access: 'view',
      handler: async (req, reply) => {
        const [drafts, findings] = await Promise.all([listDrafts(db, { status: 'open' }), countPendingFindings(db)])
        return sendHtml(reply, h(OverviewPage, { ctx: ctxOf(req), openDrafts: drafts.length, findings }))
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/records/:kind', access: 'view', params: KindParams,
      handler: async (req, reply) => {
        const { kind } = req.params
        const [records, drafts] = await Promise.all([listRecordLabels(db, kind), listDrafts(db, { status: 'open', kind })])
        return sendHtml(reply, h(RecordListPage, { ctx: ctxOf(req), kind, records, drafts: new Map(drafts.map((d) => [d.record_id, d.id])) }))
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/records/:kind/new', access: 'edit', params: KindParams,
      handler: async (req, reply) => {
        const { kind } = req.params
        return sendHtml(reply, h(NewRecordPage, { ctx: ctxOf(req), kind, template: JSON.stringify(TEMPLATES[kind], null, 2), token: editToken(undefined, undefined) }))
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/records/:kind', access: 'edit', params: KindParams,
      body: z.object({ _csrf: z.string().max(200), token: z.string().max(100), id: z.string().max(100), document: z.string().max(LIMITS.document) }).strict(),
      handler: async (req, reply) => {
        const { kind } = req.params
        const body = req.body
        const id = body.id.trim()
        const again = (issues: Issue[]) =>
          sendHtml(reply, h(NewRecordPage, { ctx: ctxOf(req), kind, template: body.document, token: body.token, id, issues }), 400)
        const { tr } = ctxOf(req)
        if (!Slug.safeParse(id).success) return again([{ path: 'id', message: tr.t('admin.issue.slug'), translated: true }])
        let parsed: unknown
        try {
          parsed = JSON.parse(body.document)
        } catch (e) {
          return again([{ path: '', message: tr.t('admin.issue.json'), detail: (e as Error).message, translated: true }])
        }
        const doc = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { id, ...parsed } : parsed
        const state = await recordState(db, kind, id)
        if (state.live || state.draft || state.archived) return again([{ path: 'id', message: tr.t('admin.issue.taken', { id }), translated: true }])
        const result = await saveDraft(db, req.user!, { kind, id, action: 'create', document: doc, token: body.token })
        if (!result.ok && result.kind === 'invalid') return again(result.issues)
        return answer(req, reply, kind, id, result, doc)
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/records/:kind/:id', access: 'view', params: RecordParams,
      querystring: z.object({ saved: z.coerce.number().int().optional(), ...LangParam }).strict(),
      handler: async (req, reply) => {
        const { kind, id } = req.params
        return renderRecord(req, reply, kind, id, { saved: req.query.saved !== undefined })
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/records/:kind/:id', access: 'edit', params: RecordParams, body: SaveBody,
      handler: async (req, reply) => {
        const { kind, id } = req.params
        const body = req.body
        const state = await recordState(db, kind, id)
        const base = state.draft?.document ?? state.live ?? state.archived?.document
        if (base === undefined) throw new NotFoundError(`There is no ${kind} "${id}".`)
        let proposed: unknown
        let typedAssessment: Record<string, string> | undefined
        if (body.mode === 'json') {
          try {
            proposed = JSON.parse(body.document ?? '')
          } catch (e) {
            return renderRecord(req, reply, kind, id, { issues: [{ path: '', message: ctxOf(req).tr.t('admin.issue.json'), detail: (e as Error).message, translated: true }] }, 400)
          }
        } else if (body.mode === 'fields') {
          const fields = [...FORM_FIELDS[kind], ...(kind === 'clearinghouse' ? tierFields(base, (await vocab()).tiers) : [])]
          const r = applyFormValues(base, fields, body as Record<string, string | string[]>)
          if (r.errors.length) return renderRecord(req, reply, kind, id, { proposed: r.doc, issues: r.errors }, 400)
          proposed = r.doc
        } else {
          if (kind !== 'intervention') throw new NotFoundError('Only interventions have assessments.')
          const v = (k: string) => {
            const x = body[`assessment.${k}`]
            return typeof x === 'string' && x.trim() !== '' ? x.trim() : null
          }
          const source = { ...(v('sourceUrl') ? { url: v('sourceUrl') } : {}), ...(v('sourceDocument') ? { document: v('sourceDocument') } : {}), retrievedAt: v('retrievedAt') ?? '', secondHand: body['assessment.secondHand'] === 'on' }
          const assessment = { clearinghouse: v('clearinghouse'), scale: v('scale'), level: v('level'), nativeLevel: v('nativeLevel'), scope: v('scope'), appliesTo: v('appliesTo'), topic: v('topic'), reviewDate: v('reviewDate'), edition: null, note: null, quote: v('quote'), source }
          typedAssessment = Object.fromEntries(Object.entries(body).filter(([k, x]) => k.startsWith('assessment.') && typeof x === 'string').map(([k, x]) => [k.slice('assessment.'.length), x as string]))
          proposed = { ...(base as object), assessments: [...((base as { assessments: unknown[] }).assessments ?? []), assessment] }
        }
        return answer(req, reply, kind, id, await saveDraft(db, req.user!, { kind, id, action: 'update', document: proposed, token: body.token }), proposed, typedAssessment)
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/records/:kind/:id/archive', access: 'edit', params: RecordParams, body: CsrfToken,
      handler: async (req, reply) => {
        const { kind, id } = req.params
        const result = await saveDraft(db, req.user!, { kind, id, action: 'archive', document: null, token: req.body.token })
        return answer(req, reply, kind, id, result, null)
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/records/:kind/:id/history', access: 'view', params: RecordParams,
      handler: async (req, reply) => {
        const { kind, id } = req.params
        const [versions, audit] = await Promise.all([listVersions(db, kind, id), listAudit(db, { kind, recordId: id })])
        return sendHtml(reply, h(HistoryPage, { ctx: ctxOf(req), kind, id, versions, audit }))
      },
    }),
    adminRoute({
      method: 'GET', url: '/admin/records/:kind/:id/versions/:version', access: 'view', params: VersionParams,
      handler: async (req, reply) => {
        const { kind, id, version } = req.params
        const [v, state] = await Promise.all([getVersion(db, kind, id, version), recordState(db, kind, id)])
        if (!v) throw new NotFoundError(`There is no version ${version} of ${kind} "${id}".`)
        return sendHtml(reply, h(VersionPage, { ctx: ctxOf(req), kind, id, version: v, current: state.live, token: state.token }))
      },
    }),
    adminRoute({
      method: 'POST', url: '/admin/records/:kind/:id/versions/:version/restore', access: 'edit', params: VersionParams, body: CsrfToken,
      handler: async (req, reply) => {
        const { kind, id, version } = req.params
        const v = await getVersion(db, kind, id, version)
        if (!v) throw new NotFoundError(`There is no version ${version} of ${kind} "${id}".`)
        const result = await saveDraft(db, req.user!, { kind, id, action: 'update', document: v.document, token: req.body.token, restoresVersion: version })
        return answer(req, reply, kind, id, result, v.document)
      },
    }),
  ]
}
