import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import type { PageContext } from '../kit/page-context.ts'
import type { listChanges } from '../../store/changes.ts'
import type { Vocabulary } from '../../store/vocabulary.ts'
import { CHANGE_KINDS } from './query.ts'
import { FacetGroup } from '../kit/components/facet-group.tsx'
import { Pagination } from '../kit/components/pagination.tsx'
import { Layout } from '../kit/layout.tsx'

type Change = Awaited<ReturnType<typeof listChanges>>['items'][number]
const grade = (x: Record<string, unknown> | null) => (x?.nativeLevel as string | undefined) ?? ''
const tier = (tr: Translator, x: Record<string, unknown> | null) => tr.t(`tier.${(x?.tier as string | undefined) ?? 'unknown'}` as MessageKey)

/** One change in plain words (also the feeds' text). */
export function changeText(e: Change, tr: Translator): string {
  const v = { name: e.name, clearinghouse: e.clearinghouseName }
  switch (e.kind) {
    case 'added':
      return tr.t('changes.text.added', { ...v, grade: grade(e.after), tier: tier(tr, e.after) })
    case 'delisted':
      return tr.t('changes.text.delisted', { ...v, grade: grade(e.before) })
    case 'grade-changed':
      return tr.t('changes.text.grade-changed', { ...v, before: grade(e.before), after: grade(e.after), beforeTier: tier(tr, e.before), afterTier: tier(tr, e.after) }) + ` ${tr.t(`changes.direction.${e.direction ?? 'same'}` as MessageKey)}`
    case 'review-date-changed':
      return tr.t('changes.text.review-date-changed', { ...v, before: (e.before?.reviewDate as string | null) ?? '–', after: (e.after?.reviewDate as string | null) ?? '–' })
    case 'fields-changed':
      return tr.t('changes.text.fields-changed', { ...v, fields: tr.list(e.changedFields) })
  }
}

export function ChangesPage({ ctx, data, vocabulary, interventions = [] }: { ctx: PageContext; data: Awaited<ReturnType<typeof listChanges>>; vocabulary: Vocabulary; interventions?: { id: string; name: string }[] }) {
  const { tr } = ctx
  const q = ctx.query
  const sel = (k: string) => new Set(([] as string[]).concat(q[k] ?? []).flatMap((s) => s.split(',')))
  const values = (k: 'clearinghouse' | 'need', labels: { id: string; label: string }[]) => labels.map((t) => ({ value: t.id, label: t.label, count: 1, selected: sel(k).has(t.id) }))
  const feedQuery = { clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, intervention: q.intervention }
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize))
  return (
    <Layout ctx={ctx} title={tr.t('changes.title')} feeds={{ atom: `/changes/feed.atom${ctx.href('', feedQuery)}`, json: `/changes/feed.json${ctx.href('', feedQuery)}` }}>
      <h1>{tr.t('changes.title')}</h1>
      <p class="lead">{tr.t('changes.lead')}</p>
      <form method="get" action="/changes">
        {q.lang || ctx.lang !== 'en' ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        {[...sel('intervention')].map((i) => <input type="hidden" name="intervention" value={i} />)}
        <FacetGroup name="kind" legend={tr.t('changes.filter.kind')} open={sel('kind').size > 0} counts={false} values={CHANGE_KINDS.map((k) => ({ value: k, label: tr.t(`changes.kind.${k}` as MessageKey), count: 1, selected: sel('kind').has(k) }))} />
        <FacetGroup name="clearinghouse" legend={tr.t('facet.clearinghouse')} open={sel('clearinghouse').size > 0} counts={false} values={values('clearinghouse', vocabulary.clearinghouse)} />
        <FacetGroup name="need" legend={tr.t('facet.need')} open={sel('need').size > 0} counts={false} values={values('need', vocabulary.need)} />
        <p><button type="submit">{tr.t('catalogue.apply')}</button></p>
      </form>
      {interventions.length ? (
        <p>
          {tr.t('changes.forIntervention', { names: tr.list(interventions.map((i) => i.name)) })}{' '}
          <a href={ctx.href('/changes', { ...q, intervention: undefined, page: undefined })}>{tr.t('changes.allInterventions')}</a>
        </p>
      ) : null}
      <p role="status">{tr.tp('changes.count', data.total)}</p>
      {data.items.length === 0 ? <p class="panel">{tr.t('changes.none')}</p> : (
        <ol class="changes">
          {data.items.map((e) => (
            <li class={`change change--${e.kind}`} id={`change-${e.id}`}>
              <p class="small muted">{tr.date(e.retrievedAt)} · {e.clearinghouseName} · <span class="tag">{tr.t(`changes.kind.${e.kind}` as MessageKey)}</span></p>
              <p>{changeText(e, tr)}</p>
              <p class="small">
                {e.intervention ? <a href={ctx.href(`/interventions/${e.intervention}`)}>{e.interventionName ?? e.intervention}</a> : e.match === 'suggested' ? tr.t('changes.suggested') : tr.t('changes.notInCatalogue')}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={data.page} pages={pages} tr={tr} hrefFor={(p) => ctx.href('/changes', { ...q, page: String(p) })} />
      <ul class="inline-list">
        <li><a href={`/changes/feed.atom${ctx.href('', feedQuery)}`}>{tr.t('changes.atom')}</a></li>
        <li><a href={`/changes/feed.json${ctx.href('', feedQuery)}`}>{tr.t('changes.jsonFeed')}</a></li>
      </ul>
    </Layout>
  )
}
