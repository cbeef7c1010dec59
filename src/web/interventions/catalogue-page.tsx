import type { MessageKey } from '../i18n/en.ts'
import type { FacetKey } from '../../store/facets.ts'
import type { searchInterventions } from '../../store/interventions.ts'
import { toSearch, type PageContext, type Query } from '../kit/page-context.ts'
import { FacetGroup } from '../kit/components/facet-group.tsx'
import { NativeGrade } from '../kit/components/native-grade.tsx'
import { Pagination } from '../kit/components/pagination.tsx'
import { TierTag } from '../kit/components/tier-tag.tsx'
import { Layout } from '../kit/layout.tsx'

export type SearchResult = Awaited<ReturnType<typeof searchInterventions>>

const FACET_ORDER: FacetKey[] = ['need', 'age', 'prevention', 'grading', 'tier', 'format', 'clearinghouse']

export function CataloguePage({ ctx, result, q, sort, clearinghouseNames }: { ctx: PageContext; result: SearchResult; q: string; sort: string; clearinghouseNames: Map<string, string> }) {
  const { tr } = ctx
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize))
  const baseQuery: Query = { ...ctx.query }
  delete baseQuery.page
  const needName = new Map(result.facets.need.map((f) => [f.value, f.label]))
  const active = FACET_ORDER.flatMap((key) =>
    result.facets[key].filter((v) => v.selected).map((v) => {
      const current = ([] as string[]).concat(ctx.query[key] ?? []).flatMap((s) => s.split(','))
      const without: Query = { ...baseQuery, [key]: current.filter((x) => x !== v.value) }
      return { key, label: v.label, href: ctx.href('/interventions', without) }
    }),
  )
  const title = tr.t('catalogue.title')
  return (
    <Layout ctx={ctx} title={q ? `${title}: ${q}` : title}>
      <h1>{title}</h1>
      <form method="get" action="/interventions" class="catalogue-form">
        {ctx.lang !== 'en' || ctx.query.lang ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <div class="search">
          <div class="search__field">
            <label for="q">{tr.t('catalogue.searchLabel')}</label>
            <input type="search" id="q" name="q" value={q} maxLength={200} autocomplete="off" />
          </div>
          <button type="submit">{tr.t('search.button')}</button>
        </div>
        <div class="layout">
          <div class="filters">
            <h2 class="visually-hidden">{tr.t('catalogue.filters')}</h2>
            <p class="label" aria-hidden="true">{tr.t('catalogue.filters')}</p>
            {FACET_ORDER.map((key) => (
              <FacetGroup
                name={key}
                legend={tr.t(`facet.${key}` as MessageKey)}
                open={key === 'need' || result.facets[key].some((v) => v.selected)}
                values={result.facets[key].map((v) => ({ ...v, label: key === 'clearinghouse' ? clearinghouseNames.get(v.value) ?? v.label : v.label }))}
              />
            ))}
            <p><button type="submit">{tr.t('catalogue.apply')}</button></p>
          </div>
          <div>
            {active.length > 0 ? (
              <>
                <h2 class="visually-hidden">{tr.t('catalogue.active')}</h2>
                <ul class="active-filters" aria-label={tr.t('catalogue.active')}>
                  {active.map((a) => (
                    <li><a href={a.href}><span class="visually-hidden">{tr.t('catalogue.remove')}: </span>{a.label} ✕</a></li>
                  ))}
                  <li><a href={ctx.href('/interventions', q ? { q } : {})}>{tr.t('catalogue.clear')}</a></li>
                </ul>
              </>
            ) : null}
            <div class="results-bar">
              <p role="status">
                {tr.tp('catalogue.results', result.total)}
                {q ? ` ${tr.t('catalogue.matching', { q })}` : ''}
              </p>
              <div>
                <label for="sort">{tr.t('catalogue.sort')}</label>
                <select id="sort" name="sort">
                  {(['relevance', 'tier', 'name'] as const).map((s) => <option value={s} selected={s === sort}>{tr.t(`sort.${s}`)}</option>)}
                </select>{' '}
                <button type="submit" class="button--secondary">{tr.t('catalogue.apply')}</button>
              </div>
            </div>
            {result.items.length === 0 ? <p>{tr.t('catalogue.none')}</p> : null}
            <ol class="results">
              {result.items.map((item) => {
                const desc = tr.pick(item.description)
                return (
                  <li class="result">
                    <h2><a href={ctx.href(`/interventions/${item.id}`)}>{item.name}</a>{item.acronyms.length ? <span class="muted"> ({item.acronyms.join(', ')})</span> : null}</h2>
                    <p lang={desc.lang !== ctx.lang ? desc.lang : undefined}>{desc.text}</p>
                    <dl class="meta">
                      <dt>{tr.t('result.needs')}</dt>
                      <dd>{[...item.needs.primary.map((n) => needName.get(n) ?? n), ...item.needs.secondary.map((n) => `${needName.get(n) ?? n} (${tr.t('intervention.secondary').toLowerCase()})`)].join('; ')}</dd>
                      <dt>{tr.t('result.prevention')}</dt>
                      <dd>{item.prevention.length ? item.prevention.map((p) => tr.t(`prevention.${p}` as MessageKey)).join(', ') : <span class="unknown">{tr.t('prevention.unknown')}</span>}</dd>
                      <dt>{tr.t('result.bestTier')}</dt>
                      <dd>
                        <TierTag tier={item.bestTier.id} tr={tr} />{' '}
                        {item.bestTier.basis.length ? (
                          <span class="small">
                            {tr.t('result.basis')}:{' '}
                            {item.bestTier.basis.map((b, i) => (
                              <>
                                {i > 0 ? '; ' : ''}
                                {clearinghouseNames.get(b.clearinghouse) ?? b.clearinghouse} <NativeGrade clearinghouse={b.clearinghouse} text={b.nativeLevel} />{b.reviewDate ? ` (${tr.date(b.reviewDate)})` : ''}
                                {b.appliesTo ? ` – ${b.appliesTo}` : ''}
                              </>
                            ))}
                          </span>
                        ) : <span class="small muted">{tr.t('result.noGrade')}</span>}
                      </dd>
                    </dl>
                  </li>
                )
              })}
            </ol>
            <Pagination page={result.page} pages={pages} tr={tr} hrefFor={(p) => ctx.href('/interventions', { ...baseQuery, page: String(p) })} />
            <ul class="inline-list">
              <li><a href={`/interventions.csv${ctx.href('', { ...baseQuery })}`} download>{tr.t('catalogue.csv')}</a></li>
              <li><a href={`/interventions.csv${ctx.href('', { ...baseQuery, table: 'assessments' })}`} download>{tr.t('catalogue.gradesCsv')}</a></li>
              {ctx.lang !== 'en' ? (
                <>
                  <li><a href={`/interventions.csv${toSearch({ ...baseQuery, sep: 'semicolon', lang: ctx.lang })}`} download>{tr.t('catalogue.csvExcel')}</a></li>
                  <li><a href={`/interventions.csv${toSearch({ ...baseQuery, table: 'assessments', sep: 'semicolon', lang: ctx.lang })}`} download>{tr.t('catalogue.gradesCsvExcel')}</a></li>
                </>
              ) : null}
              <li><a href={`/interventions.xlsx${ctx.href('', { ...baseQuery })}`} download>{tr.t('catalogue.xlsx')}</a></li>
              <li><a href={ctx.jsonHref}>{tr.t('catalogue.json')}</a></li>
            </ul>
          </div>
        </div>
      </form>
    </Layout>
  )
}
