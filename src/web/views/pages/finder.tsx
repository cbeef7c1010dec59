import { COUNTRIES, PREFERRED_FORMATS, STAGES } from '../../../domain/finder.ts'
import type { MessageKey } from '../../i18n/en.ts'
import { reasonText, type FinderView } from '../../finder-query.ts'
import type { PageContext } from '../../page-context.ts'
import { StatementItem } from '../components/statement.tsx'
import { TierTag } from '../components/tier-tag.tsx'
import { Layout } from '../layout.tsx'

export interface NeedOption {
  id: string
  label: string
  kind: string
}

/** The ranked answer: shared by the finder page and its printable summary. */
export function FinderAnswer({ ctx, view, headingLevel = 2 }: { ctx: PageContext; view: FinderView; headingLevel?: 2 | 3 }) {
  const { tr } = ctx
  const { answer } = view
  const H = headingLevel === 2 ? 'h2' : 'h3'
  const gapEvidence = (need: string) => view.evidence.filter((s) => s.needs.includes(need))
  return (
    <>
      {answer.gaps.length ? (
        <section aria-labelledby="gaps">
          <H id="gaps">{tr.t('finder.gaps')}</H>
          {answer.gaps.map((need) => {
            const evidence = gapEvidence(need)
            return (
              <div class="panel">
                <p><strong>{tr.t('finder.gap', { need: view.needLabel(need) })}</strong></p>
                {evidence.length ? <><p>{tr.t('finder.gapEvidence')}</p>{evidence.map((s) => <StatementItem s={s} ctx={ctx} />)}</> : <p>{tr.t('finder.gapNoEvidence')}</p>}
              </div>
            )
          })}
        </section>
      ) : null}
      <H id="results">{tr.t('finder.results')}</H>
      {answer.results.length === 0 ? <p>{tr.t('finder.resultsNone')}</p> : (
        <ol class="finder-results">
          {answer.results.map((r) => (
            <li class="finder-result">
              <h3 class="finder-result__name"><a href={ctx.href(`/interventions/${r.id}`)}>{r.name}</a> <TierTag tier={r.tier} tr={tr} /></h3>
              <ul class="reasons">
                {r.reasons.map((reason) => (
                  <li class={`reason reason--${reason.kind}`}>{reasonText(reason, tr, view.needLabel)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {answer.excluded.length ? (
        <section aria-labelledby="excluded">
          <H id="excluded">{tr.t('finder.excluded')}</H>
          <p>{tr.t('finder.excludedLead')}</p>
          <ul>
            {answer.excluded.map((e) => (
              <li>
                <a href={ctx.href(`/interventions/${e.id}`)}>{e.name}</a>:{' '}
                {e.reason.grade ? tr.t(`reason.${e.reason.kind}`, { clearinghouse: e.reason.grade.clearinghouseName, grade: e.reason.grade.nativeLevel }) : tr.t(`tier.${e.tier}` as MessageKey)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}

export function FinderPage({ ctx, view, needs }: { ctx: PageContext; view: FinderView; needs: NeedOption[] }) {
  const { tr } = ctx
  const q = view.query
  const selected = new Set(q.needs ?? [])
  const hasSelection = selected.size > 0
  const otherEvidence = view.evidence.filter((s) => !view.answer.gaps.some((g) => s.needs.includes(g) && s.needs.length === 1))
  return (
    <Layout ctx={ctx} title={tr.t('finder.title')}>
      <h1>{tr.t('finder.title')}</h1>
      <p class="lead">{tr.t('finder.lead')}</p>
      <p class="panel">{tr.t('finder.privacy')}</p>
      <form method="get" action="/finder" class="finder-form">
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

      {hasSelection ? (
        <>
          <FinderAnswer ctx={ctx} view={view} />
          <p><a class="button button--secondary" href={ctx.href('/finder/summary', { ...ctx.query })}>{tr.t('finder.summary')}</a></p>
          {otherEvidence.length ? (
            <section aria-labelledby="evidence">
              <h2 id="evidence">{tr.t('finder.evidence')}</h2>
              {otherEvidence.map((s) => <StatementItem s={s} ctx={ctx} />)}
            </section>
          ) : null}
        </>
      ) : <p role="status">{tr.t('finder.selectFirst')}</p>}
    </Layout>
  )
}

/** A one-page summary to print for the family or a colleague: the selection, the answer, the date and data version. */
export function FinderSummaryPage({ ctx, view }: { ctx: PageContext; view: FinderView }) {
  const { tr } = ctx
  const q = view.query
  const today = new Date().toISOString().slice(0, 10)
  const selection = [
    ...(q.needs ?? []).map(view.needLabel),
    ...(q.stage ? [tr.t(`age.${q.stage}` as MessageKey)] : []),
    ...(q.country ? [tr.t(`finder.country.${q.country}`)] : []),
    ...(q.format !== 'any' ? [tr.t(`format.${q.format}` as MessageKey)] : []),
  ]
  return (
    <Layout ctx={ctx} title={tr.t('finder.summaryTitle')}>
      <p class="no-print"><a href={ctx.href('/finder', { ...ctx.query })}>← {tr.t('finder.back')}</a></p>
      <h1>{tr.t('finder.summaryTitle')}</h1>
      <p>{tr.t('finder.summaryMade', { date: tr.date(today), version: ctx.stats.dataVersion ?? '–' })}</p>
      <p><strong>{tr.t('finder.selection')}:</strong> {selection.join('; ')}</p>
      <FinderAnswer ctx={ctx} view={view} />
    </Layout>
  )
}
