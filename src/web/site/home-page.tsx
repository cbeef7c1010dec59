import type { MessageKey } from '../i18n/en.ts'
import type { PageContext } from '../kit/page-context.ts'
import type { FacetValue } from '../../store/interventions.ts'
import { Layout } from '../kit/layout.tsx'

export function HomePage({ ctx, needs, prevention }: { ctx: PageContext; needs: FacetValue[]; prevention: FacetValue[] }) {
  const { tr, stats } = ctx
  return (
    <Layout ctx={ctx} title={tr.t('home.title')}>
      <h1>{tr.t('home.title')}</h1>
      <p class="lead">{tr.t('home.lead')}</p>
      <form method="get" action="/interventions" role="search" class="search">
        {ctx.query.lang || ctx.lang !== 'en' ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <div class="search__field">
          <label for="q">{tr.t('home.search.label')}</label>
          <p class="hint" id="q-hint">{tr.t('home.search.hint')}</p>
          <input type="search" id="q" name="q" maxLength={200} aria-describedby="q-hint" />
        </div>
        <button type="submit">{tr.t('search.button')}</button>
      </form>
      <p class="panel">{tr.t('home.caution')}</p>
      <ul class="ways-in">
        <li><a href={ctx.href('/finder')}>{tr.t('home.finder')}</a></li>
        <li><a href={ctx.href('/gap-map')}>{tr.t('home.gapMap')}</a></li>
      </ul>

      <h2>{tr.t('home.byNeed')}</h2>
      <ul class="cards">
        {needs.map((n) =>
          n.count > 0 ? (
            <li><a href={ctx.href('/interventions', { need: n.value })}>{n.label}</a> <span class="count">({tr.number(n.count)})</span></li>
          ) : (
            // A need nothing targets is a gap worth seeing, not a link to an empty list.
            <li>{n.label} <span class="count">({tr.t('home.noneYet')})</span></li>
          ),
        )}
      </ul>

      <h2>{tr.t('home.byPrevention')}</h2>
      <ul class="cards">
        {prevention.map((p) => (
          <li><a href={ctx.href('/interventions', { prevention: p.value })}>{tr.t(`prevention.${p.value}` as MessageKey)}</a> <span class="count">({tr.number(p.count)})</span></li>
        ))}
      </ul>

      <h2>{tr.t('home.numbers')}</h2>
      <ul class="stats">
        <li><a href={ctx.href('/interventions')}>{tr.tp('home.stat.interventions', stats.interventions)}</a></li>
        <li><a href={ctx.href('/clearinghouses')}>{tr.tp('home.stat.clearinghouses', stats.clearinghouses)}</a></li>
        <li>{tr.tp('home.stat.assessments', stats.assessments)}</li>
        <li><a href={ctx.href('/evidence')}>{tr.tp('home.stat.statements', stats.evidenceStatements)}</a></li>
      </ul>
      {stats.dataRetrievedAt ? <p>{tr.t('home.dataDate', { date: tr.date(stats.dataRetrievedAt) })}</p> : null}
    </Layout>
  )
}
