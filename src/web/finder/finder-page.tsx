import { COUNTRIES, LONG_PAGE, PREFERRED_FORMATS, STAGES, TOP_RESULTS } from '../../domain/finder.ts'
import type { MessageKey } from '../i18n/en.ts'
import { gradeText } from './query.ts'
import type { FinderJson, FinderView } from './load.ts'
import type { PageContext } from '../kit/page-context.ts'
import { Pagination } from '../kit/components/pagination.tsx'
import { StatementItem } from '../kit/components/statement.tsx'
import { TierTag } from '../kit/components/tier-tag.tsx'
import { Layout } from '../kit/layout.tsx'

export interface NeedOption {
  id: string
  label: string
  kind: string
}

type Result = FinderJson['results'][number]

/** Content (descriptions, population, dosage) is English unless the catalogue has the reader's language. */
const contentLang = (ctx: PageContext, lang: string) => (lang !== ctx.lang ? lang : undefined)

/** What a programme is, in one or two lines: its first sentence, then for whom, format and dosage. */
function ResultFacts({ ctx, r }: { ctx: PageContext; r: Result }) {
  const { tr } = ctx
  const { facts } = r
  const parts = [
    facts.targetPopulation ? <>{tr.t('finder.facts.for')}: <span lang={contentLang(ctx, 'en')}>{facts.targetPopulation}</span></> : null,
    facts.formats.length ? <>{tr.t('finder.facts.format')}: {facts.formats.map((f) => tr.t(`format.${f}` as MessageKey).toLowerCase()).join(', ')}</> : null,
    facts.dosage ? <>{tr.t('finder.facts.dosage')}: <span lang={contentLang(ctx, 'en')}>{facts.dosage}</span></> : null,
  ].filter((p) => p !== null)
  return (
    <>
      <p class="finder-result__what" lang={contentLang(ctx, r.what.lang)}>{r.what.text}</p>
      {parts.length ? <p class="finder-result__facts small">{parts.map((p, i) => <>{i ? ' · ' : ''}{p}</>)}</p> : null}
    </>
  )
}

function ResultItem({ ctx, r }: { ctx: PageContext; r: Result }) {
  const { tr } = ctx
  return (
    <li class="finder-result" id={`r-${r.id}`}>
      <h3 class="finder-result__name"><a href={ctx.href(`/interventions/${r.id}`)}>{r.name}</a> <TierTag tier={r.tier} tr={tr} /></h3>
      <ResultFacts ctx={ctx} r={r} />
      <ul class="reasons">
        {r.reasons.map((reason) => <li class={`reason reason--${reason.kind}`}>{reason.text}</li>)}
      </ul>
    </li>
  )
}

/** Where a list of the page stands: the page's window, or the whole list when there is none (the API's shape). */
function pagingOf(data: FinderJson, list: 'results' | 'notFit' | 'notRecommended') {
  const n = data[list].length
  return data.paging?.[list] ?? { page: 1, pageSize: n, pages: 1, total: n, start: 0 }
}

/**
 * The answer on the page: results first (their heading takes focus), then what does not fit, then
 * the evidence. Every list is bounded (TOP_RESULTS results, or LONG_PAGE with "show all"; LONG_PAGE
 * of the others), the rest a link away: each page is a URL that works without JavaScript.
 */
function FinderAnswer({ ctx, view, data }: { ctx: PageContext; view: FinderView; data: FinderJson }) {
  const { tr } = ctx
  const showAll = view.query.all === '1'
  const results = pagingOf(data, 'results')
  const notFit = pagingOf(data, 'notFit')
  const excluded = pagingOf(data, 'notRecommended')
  // Links keep the selection. Moving through the results starts the other lists afresh; moving
  // through another list keeps the results where they are.
  const query = { ...ctx.query }
  for (const k of ['all', 'page', 'notFitPage', 'excludedPage']) delete query[k]
  const here = { ...query, ...(showAll ? { all: '1' } : {}), ...(results.page > 1 ? { page: String(results.page) } : {}) }
  const withPage = (q: typeof query, key: string, p: number) => {
    const out = { ...q }
    if (p > 1) out[key] = String(p)
    else delete out[key]
    return out
  }
  const resultsQuery = showAll ? { ...query, all: '1' } : query
  return (
    <section class="finder-answer" aria-labelledby="results" data-module="finder-results">
      <h2 id="results" tabindex={-1}>{results.total ? tr.tp('finder.results', results.total) : tr.t('finder.resultsNone')}</h2>
      {data.gaps.map((g) => <p class="finder-gap"><strong>{g.text}</strong></p>)}
      {data.results.length ? (
        <ol class="finder-results" start={results.start > 0 ? results.start + 1 : undefined}>
          {data.results.map((r) => <ResultItem ctx={ctx} r={r} />)}
        </ol>
      ) : null}
      {results.total > TOP_RESULTS ? (
        <p class="finder-more">
          {showAll ? (
            <a href={`${ctx.href('/finder', query)}#results`}>{tr.t('finder.showTop', { count: TOP_RESULTS })}</a>
          ) : (
            <>
              {results.page === 1 ? <>{tr.t('finder.shown', { shown: TOP_RESULTS, count: results.total })} </> : null}
              {/* "Show all" while all fit on one page, else a hundred at a time: from the first page it lands
                  on the eleventh result; from a later one, on the long page holding the current first. */}
              <a href={`${ctx.href('/finder', withPage({ ...query, all: '1' }, 'page', Math.floor(results.start / LONG_PAGE) + 1))}#r-${results.page === 1 ? view.answer.results[TOP_RESULTS]!.id : data.results[0]!.id}`}>
                {results.total <= LONG_PAGE ? tr.t('finder.showAll', { count: results.total }) : tr.t('finder.showMore', { count: LONG_PAGE })}
              </a>
            </>
          )}
        </p>
      ) : null}
      <Pagination page={results.page} pages={results.pages} tr={tr} hrefFor={(p) => `${ctx.href('/finder', withPage(resultsQuery, 'page', p))}#results`} />
      <p><a class="button button--secondary" href={ctx.href('/finder/summary', query)}>{tr.t('finder.summary')}</a></p>

      {notFit.total ? (
        <details class="finder-notfit" open={view.query.notFitPage !== undefined ? true : undefined}>
          <summary>{tr.t('finder.notFit', { count: notFit.total })}</summary>
          <p>{tr.t('finder.notFitLead')}</p>
          {/* Its pages land here, the list open (a fragment inside a closed <details> opens it, too). */}
          <ul id="not-fit">
            {data.notFit.map((n) => <li><a href={ctx.href(`/interventions/${n.id}`)}>{n.name}</a>: {n.reasons.map((x) => x.text).join('; ')}.</li>)}
          </ul>
          <Pagination page={notFit.page} pages={notFit.pages} tr={tr} label={tr.t('finder.notFit', { count: notFit.total })} hrefFor={(p) => `${ctx.href('/finder', withPage(here, 'notFitPage', p))}#not-fit`} />
        </details>
      ) : null}

      {excluded.total ? (
        <section aria-labelledby="excluded">
          <h2 id="excluded">{tr.t('finder.excluded')}</h2>
          <p>{tr.t('finder.excludedLead')}</p>
          <ul>
            {data.notRecommended.map((e) => <li><a href={ctx.href(`/interventions/${e.id}`)}>{e.name}</a>: {e.reason.text}</li>)}
          </ul>
          <Pagination page={excluded.page} pages={excluded.pages} tr={tr} label={tr.t('finder.excluded')} hrefFor={(p) => `${ctx.href('/finder', withPage(here, 'excludedPage', p))}#excluded`} />
        </section>
      ) : null}

      {data.evidence.length ? (
        <details class="finder-evidence">
          <summary>{tr.t('finder.evidence', { count: data.evidence.length })}</summary>
          {data.evidence.map((s) => <StatementItem s={s} ctx={ctx} />)}
        </details>
      ) : null}
    </section>
  )
}

export function FinderPage({ ctx, view, data, needs }: { ctx: PageContext; view: FinderView; data: FinderJson; needs: NeedOption[] }) {
  const { tr } = ctx
  const q = view.query
  const selected = new Set(q.needs ?? [])
  const hasSelection = selected.size > 0
  return (
    <Layout ctx={ctx} title={tr.t('finder.title')} scripts={ctx.assets.finderJs ? [ctx.assets.finderJs] : []}>
      <h1>{tr.t('finder.title')}</h1>
      <p class="lead">{tr.t('finder.lead')}</p>
      <p class="panel">{tr.t('finder.privacy')}</p>
      {/* The fragment survives a GET submission: the browser lands on the results, and the island focuses their heading. */}
      <form method="get" action="/finder#results" class="finder-form">
        {ctx.query.lang || ctx.lang !== 'en' ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <fieldset class="checkboxes">
          <legend>{tr.t('finder.needs')}</legend>
          <p class="hint">{tr.t('finder.needsHint')}</p>
          <div class="columns">
            {needs.map((n) => (
              <div class="checkbox">
                <input type="checkbox" id={`need-${n.id}`} name="needs" value={n.id} checked={selected.has(n.id)} />
                <label for={`need-${n.id}`}>{n.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <div class="finder-form__row">
          <fieldset class="radios">
            <legend>{tr.t('finder.stage')}</legend>
            {[...STAGES, ''].map((s) => (
              <div class="radio">
                <input type="radio" id={`stage-${s || 'none'}`} name="stage" value={s} checked={(q.stage ?? '') === s} />
                <label for={`stage-${s || 'none'}`}>{s ? tr.t(`age.${s}` as MessageKey) : tr.t('finder.stage.none')}</label>
              </div>
            ))}
          </fieldset>
          <div>
            <label for="country">{tr.t('finder.country')}</label>
            <select id="country" name="country">
              <option value="">{tr.t('finder.stage.none')}</option>
              {COUNTRIES.map((c) => <option value={c} selected={q.country === c}>{tr.t(`finder.country.${c}`)}</option>)}
            </select>
          </div>
          <fieldset class="radios">
            <legend>{tr.t('finder.format')}</legend>
            {PREFERRED_FORMATS.map((f) => (
              <div class="radio">
                <input type="radio" id={`format-${f}`} name="format" value={f} checked={q.format === f} />
                <label for={`format-${f}`}>{f === 'any' ? tr.t('finder.format.any') : tr.t(`format.${f}` as MessageKey)}</label>
              </div>
            ))}
          </fieldset>
        </div>
        <p><button type="submit">{tr.t('finder.submit')}</button></p>
      </form>

      {hasSelection ? <FinderAnswer ctx={ctx} view={view} data={data} /> : <p role="status">{tr.t('finder.selectFirst')}</p>}
    </Layout>
  )
}

/** At most `max` characters, cut at a word: the summary must stay on one page whatever the catalogue says. */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, text.lastIndexOf(' ', max - 1))}…`)

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}

/**
 * One printed A4 page: the chosen needs (nothing else about the family), the first results with what
 * each is and its strongest grade, the date in words and the data version, short source links.
 */
export function FinderSummaryPage({ ctx, view, data }: { ctx: PageContext; view: FinderView; data: FinderJson }) {
  const { tr } = ctx
  const today = new Date().toISOString().slice(0, 10)
  const shown = data.results.slice(0, TOP_RESULTS)
  const query = { ...ctx.query }
  delete query.all
  return (
    <Layout ctx={ctx} title={tr.t('finder.summaryTitle')} scripts={ctx.assets.finderJs ? [ctx.assets.finderJs] : []}>
      <div class="finder-summary">
        <p class="no-print"><a href={`${ctx.href('/finder', query)}#results`}>← {tr.t('finder.back')}</a></p>
        <h1>{tr.t('finder.summaryTitle')}</h1>
        <p class="no-print print-hint" data-print={tr.t('finder.print')}>{tr.t('finder.printHint')}</p>
        <p class="small">{tr.t('finder.summaryMade', { date: tr.date(today), retrieved: ctx.stats.dataRetrievedAt ? tr.date(ctx.stats.dataRetrievedAt) : '–', version: (ctx.stats.dataVersion ?? '–').slice(0, 16) })}</p>
        <p><strong>{tr.t('finder.chosenNeeds')}:</strong> {(view.query.needs ?? []).map(view.needLabel).join('; ')}</p>
        {data.gaps.map((g) => <p class="finder-gap">{g.text}</p>)}
        {data.results.length === 0 ? <p>{tr.t('finder.resultsNone')}</p> : (
          <ol class="summary-results">
            {shown.map((r) => {
              const covers = r.covers.map((c) => (c.role === 'primary' ? view.needLabel(c.need) : tr.t('finder.secondaryGoal', { need: view.needLabel(c.need) })))
              return (
                <li>
                  <strong><a href={ctx.href(`/interventions/${r.id}`)}>{r.name}</a></strong> <TierTag tier={r.tier} tr={tr} />{' '}
                  <span lang={contentLang(ctx, r.what.lang)}>{clip(r.what.text, 170)}</span>
                  <br />
                  {tr.t('finder.covers', { needs: tr.list(covers) })}
                  {r.misses.length ? ` ${tr.t('finder.coversNot', { needs: tr.list(r.misses.map(view.needLabel)) })}` : null}{' '}
                  {r.bestGrade ? <>{gradeText(r.bestGrade, tr)}{r.bestGrade.sourceUrl ? <> <a href={r.bestGrade.sourceUrl} rel="noopener noreferrer">{hostOf(r.bestGrade.sourceUrl)}</a></> : null}</> : tr.t('reason.no-grade')}
                </li>
              )
            })}
          </ol>
        )}
        {pagingOf(data, 'results').total > shown.length ? <p class="small">{tr.tp('finder.moreResults', pagingOf(data, 'results').total - shown.length)}</p> : null}
        <p class="small">{tr.t('finder.sources')}</p>
      </div>
    </Layout>
  )
}
