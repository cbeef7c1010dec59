import * as Plot from '@observablehq/plot'
import type { GapMap } from '../domain/gap-map.ts'
import { plotSvg, TIER_COLOURS } from './plot-svg.ts'

export interface TierLabel {
  id: string
  label: string
}

/** A tier legend drawn by Plot itself (its swatch legends are HTML, which a standalone SVG cannot hold). */
function tierLegend(tiers: TierLabel[]): Plot.PlotOptions {
  return {
    width: 640,
    height: 24 + Math.ceil(tiers.length / 3) * 22,
    marginLeft: 10,
    x: { axis: null, domain: [0, 3] },
    y: { axis: null, domain: [...Array(Math.ceil(tiers.length / 3)).keys()] },
    marks: [
      Plot.dot(tiers, { x: (_, i) => i % 3, y: (_, i) => Math.floor(i / 3), fill: (t: TierLabel) => TIER_COLOURS[t.id] ?? '#999', r: 7, symbol: 'square', dx: 8 }),
      Plot.text(tiers, { x: (_, i) => i % 3, y: (_, i) => Math.floor(i / 3), text: 'label', textAnchor: 'start', dx: 20, fontSize: 12 }),
    ],
  }
}

/** Bars: how many interventions in the map have each need as a primary (and secondary) goal. */
export function coverageChart(map: GapMap, labels: { primary: string; secondary: string; title: string; description: string; count: string }): string {
  const data = map.columns.flatMap((c) => [
    { need: c.label, kind: labels.primary, n: map.totals[c.id]!.primary },
    ...(map.secondary ? [{ need: c.label, kind: labels.secondary, n: map.totals[c.id]!.secondary }] : []),
  ])
  const height = 60 + map.columns.length * 34
  return plotSvg(
    {
      width: 640,
      height,
      marginLeft: 230,
      x: { label: labels.count, grid: true, tickFormat: 'd', domain: [0, Math.max(1, ...data.map((d) => d.n))] },
      y: { label: null, domain: map.columns.map((c) => c.label) },
      color: { domain: [labels.primary, labels.secondary], range: ['#005a5b', '#9fd5d0'], legend: map.secondary },
      marks: [Plot.barX(data, Plot.stackX({ x: 'n', y: 'need', fill: 'kind' })), Plot.ruleX([0])],
    },
    { title: labels.title, description: labels.description },
  )
}

/** Stacked bars: each clearinghouse's current grades split by harmonised tier. */
export function tierChart(rows: { clearinghouse: string; tier: string; n: number }[], tiers: TierLabel[], text: { title: string; description: string; count: string }): string {
  const label = new Map(tiers.map((t) => [t.id, t.label]))
  const data = rows.map((r) => ({ ...r, tierLabel: label.get(r.tier) ?? r.tier }))
  const clearinghouses = [...new Set(rows.map((r) => r.clearinghouse))]
  return plotSvg(
    {
      width: 640,
      height: 80 + clearinghouses.length * 30,
      x: { label: text.count, grid: true, tickFormat: 'd' },
      y: { label: null, domain: clearinghouses },
      marginLeft: 270,
      color: { domain: tiers.map((t) => t.label), range: tiers.map((t) => TIER_COLOURS[t.id] ?? '#999') },
      marks: [Plot.barX(data, Plot.stackX({ x: 'n', y: 'clearinghouse', fill: 'tierLabel', order: tiers.map((t) => t.label) })), Plot.ruleX([0])],
    },
    text,
    tierLegend(tiers),
  )
}

/** The matrix as a picture: a cell per row and need, coloured by tier, marked ● primary / ○ secondary or with a count. */
export function matrixPicture(map: GapMap, text: { title: string; description: string }, tiers: TierLabel[]): string {
  const rows = map.sections.flatMap((s) => s.rows)
  const cells = rows.flatMap((r) =>
    map.columns
      .map((c) => ({ row: r.label, need: c.label, cell: r.cells[c.id]! }))
      .filter((x) => x.cell.primary.length + x.cell.secondary.length > 0)
      .map((x) => ({
        row: x.row,
        need: x.need,
        fill: TIER_COLOURS[x.cell.bestTier ?? 'unknown'] ?? '#ddd',
        // Dark marks on the pale tints, white on the strong colours.
        ink: ['unknown', 'not-rated'].includes(x.cell.bestTier ?? 'unknown') ? '#0b0c0c' : 'white',
        mark: r.kind === 'intervention' ? (x.cell.primary.length ? '●' : '○') : String(x.cell.primary.length),
      })),
  )
  // Room for the longest row name, and 120 px a column so the wrapped need names do not collide.
  const marginLeft = Math.min(420, 20 + Math.max(0, ...rows.map((r) => r.label.length)) * 7)
  return plotSvg(
    {
      width: marginLeft + 20 + map.columns.length * 120,
      height: 90 + rows.length * 22,
      marginLeft,
      marginBottom: 10,
      marginTop: 70,
      x: { domain: map.columns.map((c) => c.label), axis: null },
      y: { domain: rows.map((r) => r.label), label: null },
      marks: [
        // Need names are long: wrap them above their columns.
        Plot.axisX({ anchor: 'top', lineWidth: 10, label: null, tickSize: 0, fontSize: 11 }),
        Plot.cell(cells, { x: 'need', y: 'row', fill: 'fill', inset: 1 }),
        Plot.text(cells, { x: 'need', y: 'row', text: 'mark', fill: 'ink', fontWeight: 'bold' }),
        Plot.frame({ stroke: '#b1b4b6' }),
      ],
    },
    text,
    tierLegend(tiers),
  )
}
