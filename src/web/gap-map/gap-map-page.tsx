import type { GapCell, GapRow } from '../../domain/gap-map.ts'
import { ROW_MODES } from '../../domain/gap-map.ts'
import type { MessageKey } from '../i18n/en.ts'
import { CELL_LIST_LIMIT } from './query.ts'
import { findingText, type GapMapView } from './load.ts'
import { Pagination } from '../kit/components/pagination.tsx'
import type { PageContext, Query } from '../kit/page-context.ts'
import { FacetGroup } from '../kit/components/facet-group.tsx'
import { TierTag } from '../kit/components/tier-tag.tsx'
import { Layout } from '../kit/layout.tsx'
import type { FacetValue } from '../../store/interventions.ts'

export interface GapMapPageProps {
  ctx: PageContext
  view: GapMapView
  needs: { id: string; label: string }[]
  tiers: readonly { id: string; rank: number }[]
  /** Filter checkboxes (values and whether selected), as on the catalogue. */
  facets: { key: string; legend: string; values: FacetValue[] }[]
}

/** The facet that narrows the catalogue to one group of a grouped row, to list a cell's interventions. */
const GROUP_FACET: Record<string, string> = { prevention: 'prevention', grading: 'grading', clearinghouse: 'clearinghouse', tier: 'tier' }

export function GapMapPage({ ctx, view, needs, tiers, facets }: GapMapPageProps) {
  const { tr } = ctx
  const { map, query } = view
  const rank = new Map(tiers.map((t) => [t.id, t.rank]))
  const needLabel = (id: string) => needs.find((n) => n.id === id)?.label ?? id
  // Links to other views start at their first page; the exports take this page's rows, as shown.
  const base: Query = { ...ctx.query, page: undefined }
  const shown: Query = { ...ctx.query }
  const { paging } = view
  const gapHref = (over: Query) => ctx.href('/gap-map', { ...base, ...over })
  const columns = map.columns.map((c) => c.id)
  // On the page, needs that some intervention targets come first, so a phone shows marks before it
  // shows empty columns; the empty ones follow and are named under the map. Exports keep the order chosen.
  const marked = (id: string) => map.totals[id]!.primary + (map.secondary ? map.totals[id]!.secondary : 0) > 0
  const shownColumns = [...map.columns.filter((c) => marked(c.id)), ...map.columns.filter((c) => !marked(c.id))]
  const emptyColumns = map.columns.filter((c) => !marked(c.id))
  const allNeeds = query.columns?.includes('all') ?? false
  const range = paging.pages > 1 ? ` · ${tr.t('pagination.range', { from: paging.from, to: paging.to, total: paging.rows })}` : ''
  const captionText = `${query.scope === 'table-9' && view.publication ? `${view.publication.label}. ` : ''}${tr.t('gap.caption')} · ${tr.tp('catalogue.results', map.interventions)}${range}`

  const ivName = new Map(view.interventions.map((m) => [m.id, m.name]))
  // A grouped cell's dialog names at most CELL_LIST_LIMIT programmes; its link shows them all.
  const cellData = (row: GapRow, need: string, cell: GapCell) => {
    if (row.kind !== 'group') return {}
    const total = cell.primary.length + cell.secondary.length
    const primary = cell.primary.slice(0, CELL_LIST_LIMIT)
    const secondary = cell.secondary.slice(0, CELL_LIST_LIMIT - primary.length)
    return {
          'data-cell': JSON.stringify([
            ...primary.map((id) => ({ id, name: ivName.get(id) ?? id, role: tr.t('gap.primaryMark') })),
            ...secondary.map((id) => ({ id, name: ivName.get(id) ?? id, role: tr.t('gap.secondaryMark') })),
          ]),
          'data-title': `${row.label} · ${map.columns.find((c) => c.id === need)?.label ?? need}`,
          'data-all-label': total > CELL_LIST_LIMIT ? tr.t('gap.cellAllCount', { count: total }) : tr.t('gap.cellAll'),
          'data-close-label': tr.t('gap.close'),
          'data-base': ctx.href('/interventions/__ID__'),
    }
  }

  const cellLink = (row: GapRow, need: string): string | null => {
    if (row.kind === 'intervention') return ctx.href(`/interventions/${row.id}`)
    const facet = GROUP_FACET[map.rowMode]
    if (!facet || row.id === 'unknown') return null
    // The cell's interventions: the same map, one row each, narrowed to this group and need.
    return gapHref({ rows: 'interventions', [facet]: row.id, need })
  }

  const Cell = ({ row, need, cell }: { row: GapRow; need: string; cell: GapCell }) => {
    const n = cell.primary.length
    const s = cell.secondary.length
    if (n + s === 0) return <td class="gap-cell gap-cell--empty"><span class="visually-hidden">–</span></td>
    const tier = cell.bestTier ?? 'unknown'
    const r = rank.get(tier) ?? 9
    const tierText = tr.t('gap.bestIn', { rank: r, tier: tr.t(`tier.${tier}` as MessageKey) })
    const content =
      row.kind === 'intervention' ? (
        <>
          <span aria-hidden="true" class="gap-mark">{n ? '●' : '○'}</span>
          <span class="visually-hidden">{tr.t(n ? 'gap.primaryMark' : 'gap.secondaryMark')}, {tierText}</span>
        </>
      ) : (
        <>
          <span class="gap-count">{n}{s ? <span aria-hidden="true"> +{s}</span> : null}</span>
          <span class="visually-hidden">{tr.t('gap.count', { count: n })}{s ? `, ${tr.t('gap.countSecondary', { count: s })}` : ''}, {tierText}</span>
        </>
      )
    const href = cellLink(row, need)
    return (
      <td class={`gap-cell tier-bg--${tier}`}>
        {href ? <a href={href} {...cellData(row, need, cell)}>{content}</a> : content}
        <span class="gap-tier" aria-hidden="true">{r}</span>
      </td>
    )
  }

  return (
    <Layout ctx={ctx} title={tr.t('gap.title')} scripts={ctx.assets.gapMapJs ? [ctx.assets.gapMapJs] : []}>
      <h1>{tr.t('gap.title')}</h1>
      <p class="lead">{tr.t('gap.lead')}</p>

      <div data-module="gap-map">
      <form method="get" action="/gap-map" class="gap-options">
        {ctx.query.lang || ctx.lang !== 'en' ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <h2 class="visually-hidden">{tr.t('gap.options')}</h2>
        <div class="gap-options__grid">
          <fieldset class="radios">
            <legend>{tr.t('gap.scope')}</legend>
            {(['table-9', 'all'] as const).map((s) => (
              <div class="radio">
                <input type="radio" id={`scope-${s}`} name="scope" value={s} checked={query.scope === s} />
                <label for={`scope-${s}`}>{tr.t(`gap.scope.${s}`)}</label>
              </div>
            ))}
          </fieldset>
          <div>
            <label for="rows">{tr.t('gap.rows')}</label>
            <select id="rows" name="rows">
              {ROW_MODES.map((m) => <option value={m} selected={m === query.rows}>{tr.t(`gap.rows.${m}` as MessageKey)}</option>)}
            </select>
            <div class="checkbox">
              <input type="checkbox" id="secondary" name="secondary" value="1" checked={query.secondary === '1'} />
              <label for="secondary">{tr.t('gap.secondary')}</label>
            </div>
          </div>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="columns-all" name="columns" value="all" checked={allNeeds} />
          <label for="columns-all">{tr.t('gap.allNeeds')}</label>
        </div>
        <FacetGroup name="columns" legend={tr.t('gap.columns')} open={false} values={needs.map((n) => ({ value: n.id, label: n.label, count: 1, selected: !allNeeds && columns.includes(n.id) }))} counts={false} />
        <p class="label">{tr.t('gap.filters')}</p>
        {facets.map((f) => <FacetGroup name={f.key} legend={f.legend} open={f.values.some((v) => v.selected)} values={f.values} counts={false} />)}
        <p><button type="submit">{tr.t('gap.show')}</button></p>
      </form>

      <div data-gap-part="map">
      {map.sections.length === 0 ? <p class="panel" role="status">{tr.t('gap.empty')}</p> : (
        <>
        {/* The caption stands above the scrolling region so that a phone shows it whole. */}
        <p id="gap-caption" class="gap-caption">{captionText}</p>
        {allNeeds ? null : <p class="small"><a href={gapHref({ columns: 'all' })}>{tr.t('gap.allNeedsLink')}</a></p>}
        <div class="gap-wrap" role="region" aria-labelledby="gap-caption" tabindex={0}>
          <table class="gap-map">
            <caption class="visually-hidden">{captionText}</caption>
            <thead>
              <tr>
                <th scope="col">{map.rowMode === 'interventions' ? tr.t('gap.rowHeader') : tr.t('gap.groupHeader')}</th>
                {shownColumns.map((c) => <th scope="col" class={marked(c.id) ? undefined : 'gap-col--empty'}>{c.label}</th>)}
              </tr>
            </thead>
            {map.sections.map((section) => (
              <tbody>
                {section.label ? <tr class="gap-section"><th scope="colgroup" colSpan={map.columns.length + 1}>{section.label}</th></tr> : null}
                {section.rows.map((row) => (
                  <tr>
                    <th scope="row">
                      {row.kind === 'intervention' ? <><a href={ctx.href(`/interventions/${row.id}`)}>{row.label}</a>{row.nameInReport ? <span class="small muted"> — {tr.t('gap.inReport', { name: row.nameInReport })}</span> : null}</> : <>{row.label} <span class="count">({row.size})</span></>}
                    </th>
                    {shownColumns.map((c) => <Cell row={row} need={c.id} cell={row.cells[c.id]!} />)}
                  </tr>
                ))}
              </tbody>
            ))}
            <tfoot>
              <tr>
                <th scope="row">{tr.t('gap.total')}</th>
                {shownColumns.map((c) => <td>{map.totals[c.id]!.primary}{map.secondary && map.totals[c.id]!.secondary ? ` +${map.totals[c.id]!.secondary}` : ''}</td>)}
              </tr>
            </tfoot>
          </table>
        </div>
        {paging.pages > 1 ? <Pagination page={paging.page} pages={paging.pages} tr={tr} hrefFor={(p) => gapHref({ page: String(p) })} /> : null}
        {emptyColumns.length ? <p class="small">{tr.t('gap.emptyColumns', { list: tr.list(emptyColumns.map((c) => c.label)) })}</p> : null}
        </>
      )}
      </div>

      <details class="legend">
        <summary>{tr.t('gap.legend')}</summary>
        <p>{tr.t('gap.legendMarks')}</p>
        <ul class="legend__tiers">
          {[...tiers].sort((a, b) => a.rank - b.rank).map((t) => <li><span class={`legend__swatch tier-bg--${t.id}`}>{t.rank}</span> <TierTag tier={t.id} tr={tr} /></li>)}
        </ul>
      </details>

      <div data-gap-part="findings">
      <h2 id="findings">{tr.t('gap.findings')}</h2>
      <p>{tr.t('gap.findingsLead')}</p>
      <ul class="findings">
        {view.findings.map((f) => (
          <li>
            {findingText(f, tr, needLabel)}{' '}
            {'need' in f ? <a href={gapHref({ columns: f.need, rows: 'interventions', secondary: undefined })}>{tr.t('gap.findingLink')}<span class="visually-hidden">: {needLabel(f.need)}</span></a> : <a href={gapHref({ rows: 'prevention' })}>{tr.t('gap.findingLink')}</a>}
          </li>
        ))}
      </ul>
      </div>

      <div data-gap-part="exports">
      <h2>{tr.t('gap.exports')}</h2>
      <ul class="inline-list exports">
        <li><a href={`/gap-map.csv${ctx.href('', shown)}`}>{tr.t('gap.export.csv')}</a></li>
        <li><a href={`/gap-map.md${ctx.href('', shown)}`}>{tr.t('gap.export.md')}</a></li>
        <li><a href={`/gap-map/table.html${ctx.href('', shown)}`}>{tr.t('gap.export.html')}</a></li>
        <li><a href={`/gap-map.xlsx${ctx.href('', shown)}`}>{tr.t('gap.export.xlsx')}</a></li>
        <li><a href={`/gap-map.svg${ctx.href('', shown)}`}>{tr.t('gap.export.svg')}</a></li>
        <li><a href={ctx.jsonHref}>{tr.t('gap.export.json')}</a></li>
      </ul>
      </div>

      <div data-gap-part="coverage">
      <h2>{tr.t('gap.charts')}</h2>
      <figure class="chart">
        <figcaption>{tr.t('gap.chart.coverage')}</figcaption>
        <img src={`/gap-map/charts/coverage.svg${ctx.href('', base)}`} alt={tr.t('gap.chart.coverageAlt')} width="640" height="320" />
        <details>
          <summary>{tr.t('gap.chartData')}</summary>
          <table>
            <thead><tr><th scope="col">{tr.t('facet.need')}</th><th scope="col">{tr.t('gap.primaryMark')}</th><th scope="col">{tr.t('gap.secondaryMark')}</th></tr></thead>
            <tbody>{map.columns.map((c) => <tr><th scope="row">{c.label}</th><td>{map.totals[c.id]!.primary}</td><td>{map.secondary ? map.totals[c.id]!.secondary : '–'}</td></tr>)}</tbody>
          </table>
        </details>
      </figure>
      </div>
      <figure class="chart">
        <figcaption>{tr.t('gap.chart.tiers')}</figcaption>
        <img src={ctx.href('/gap-map/charts/tiers.svg')} alt={tr.t('gap.chart.tiersAlt')} width="640" height="360" />
        <details>
          <summary>{tr.t('gap.chartData')}</summary>
          <p><a href={ctx.href('/gap-map/charts/tiers.json')}>JSON</a></p>
        </details>
      </figure>
      </div>
    </Layout>
  )
}
