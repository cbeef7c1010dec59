import { Pagination } from '../kit/components/pagination.tsx'
import type { MessageKey } from '../i18n/en.ts'
import type { PageContext } from '../kit/page-context.ts'
import type { listClearinghouses } from '../../store/clearinghouses.ts'
import { NativeGrade } from '../kit/components/native-grade.tsx'
import { TierTag } from '../kit/components/tier-tag.tsx'
import { LocalText, localText } from '../kit/components/local-text.tsx'
import { Layout } from '../kit/layout.tsx'

export type ClearinghouseData = Awaited<ReturnType<typeof listClearinghouses>>[number]

export function ClearinghousesPage({ ctx, items }: { ctx: PageContext; items: ClearinghouseData[] }) {
  const { tr } = ctx
  const en = ctx.lang !== 'en' ? 'en' : undefined
  return (
    <Layout ctx={ctx} title={tr.t('clearinghouses.title')}>
      <h1>{tr.t('clearinghouses.title')}</h1>
      <p class="lead">{tr.t('clearinghouses.lead')}</p>
      <ul class="results">
        {items.map((c) => (
          <li class="result">
            <h2><a href={ctx.href(`/clearinghouses/${c.id}`)}>{c.name}</a></h2>
            <LocalText as="p" text={c.description} ctx={ctx} />
            <p class="small muted">
              {c.country} · {tr.t(`kind.${c.kind}` as MessageKey)} · {tr.t(`status.${c.status}` as MessageKey)} · {tr.tp('clearinghouse.gradeCount', c.assessmentCount)}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

export interface GradedHere {
  id: string
  name: string
  nativeLevel: string
  tier: string
  reviewDate: string | null
  scope: string
}

export function ClearinghousePage({ ctx, c, graded, paging }: { ctx: PageContext; c: ClearinghouseData; graded: GradedHere[]; paging?: { total: number; page: number; pageSize: number } }) {
  const { tr } = ctx
  const en = ctx.lang !== 'en' ? 'en' : undefined
  return (
    <Layout ctx={ctx} title={c.name}>
      <p class="small"><a href={ctx.href('/clearinghouses')}>← {tr.t('nav.clearinghouses')}</a></p>
      <h1>{c.name}</h1>
      <p class="lead"><LocalText text={c.description} ctx={ctx} /></p>
      <dl class="meta">
        <dt>{tr.t('clearinghouse.country')}</dt><dd>{c.country}</dd>
        <dt>{tr.t('clearinghouse.kind')}</dt><dd>{tr.t(`kind.${c.kind}` as MessageKey)}</dd>
        <dt>{tr.t('clearinghouse.status')}</dt><dd>{tr.t(`status.${c.status}` as MessageKey)}</dd>
        {c.url ? <><dt>{tr.t('clearinghouse.website')}</dt><dd><a href={c.url} rel="noopener noreferrer">{c.url}</a></dd></> : null}
      </dl>
      {c.notes.length ? (
        <>
          <h2>{tr.t('clearinghouse.notes')}</h2>
          <ul lang={en}>{c.notes.map((n) => <li>{n.text}</li>)}</ul>
        </>
      ) : null}
      {c.scales.length === 0 ? <p class="panel">{tr.t('clearinghouse.noScale')}</p> : null}
      {c.scales.map((s) => (
        <>
          <h2>{tr.t('clearinghouse.scale')}: <LocalText text={s.name} ctx={ctx} /></h2>
          {s.note ? <p lang={en}>{s.note}</p> : null}
          <div class="table-wrap">
            <table class="stack">
              <caption class="visually-hidden">{localText(s.name, ctx.lang).text}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr.t('clearinghouse.col.level')}</th>
                  <th scope="col">{tr.t('clearinghouse.col.native')}</th>
                  <th scope="col">{tr.t('clearinghouse.col.tier')}</th>
                  <th scope="col">{tr.t('clearinghouse.col.rationale')}</th>
                </tr>
              </thead>
              <tbody>
                {s.levels.map((l) => (
                  <tr>
                    <td data-label={tr.t('clearinghouse.col.level')}>{l.id}</td>
                    <td data-label={tr.t('clearinghouse.col.native')}><NativeGrade clearinghouse={c.id} text={l.nativeName} />{l.gloss ? <span class="small muted"> (<LocalText text={l.gloss} ctx={ctx} />)</span> : null}</td>
                    <td data-label={tr.t('clearinghouse.col.tier')}><TierTag tier={l.tier} tr={tr} /></td>
                    <td data-label={tr.t('clearinghouse.col.rationale')} lang={en}>{l.rationale}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
      <h2>{tr.t('clearinghouse.graded')}</h2>
      {paging && paging.total > paging.pageSize && graded.length ? <p class="small muted">{tr.t('pagination.range', { from: (paging.page - 1) * paging.pageSize + 1, to: (paging.page - 1) * paging.pageSize + graded.length, total: paging.total })}</p> : null}
      {graded.length === 0 ? <p>{tr.t('clearinghouse.gradedNone')}</p> : (
        <ul>
          {graded.map((g) => (
            <li>
              <a href={ctx.href(`/interventions/${g.id}`)}>{g.name}</a>: <NativeGrade clearinghouse={c.id} text={g.nativeLevel} /> <TierTag tier={g.tier} tr={tr} />
              {g.reviewDate ? ` (${tr.date(g.reviewDate)})` : ''}
              {g.scope !== 'programme' ? <span class="small muted"> · {tr.t(`scope.${g.scope}` as MessageKey)}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {paging ? <Pagination page={paging.page} pages={Math.ceil(paging.total / paging.pageSize)} tr={tr} hrefFor={(p) => ctx.href(`/clearinghouses/${c.id}`, { ...ctx.query, page: String(p) })} /> : null}
    </Layout>
  )
}
