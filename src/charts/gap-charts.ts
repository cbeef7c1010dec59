import * as Plot from '@observablehq/plot'
import type { GapMap } from '../domain/gap-map.ts'
import { plotSvg, TIER_COLOURS } from './plot-svg.ts'

export interface TierLabel {
  id: string
  label: string
}

/** Average advance of a character at 12px in the fonts Chromium falls back to (DejaVu Sans is the widest): a safe over-estimate. */
const CHAR_PX = 7.4

/**
 * A label fitted into `maxChars` a line and at most `maxLines` lines, wrapped at spaces; a label that
 * still does not fit ends in "…" and its whole text goes in the mark's <title>, so nothing is cut silently.
 */
export function fitLabel(text: string, maxChars: number, maxLines: number): { text: string; lines: number; cut: boolean } {
  const words = text.split(/\s+/).flatMap((w) => (w.length > maxChars ? w.match(new RegExp(`.{1,${maxChars - 1}}`, 'g'))!.map((p, i, all) => (i < all.length - 1 ? `${p}-` : p)) : [w]))
  const lines: string[] = []
  for (const w of words) {
    const last = lines[lines.length - 1]
    if (last !== undefined && `${last} ${w}`.length <= maxChars) lines[lines.length - 1] = `${last} ${w}`
    else lines.push(w)
  }
  if (lines.length <= maxLines) return { text: lines.join('\n'), lines: lines.length, cut: false }
  const kept = lines.slice(0, maxLines)
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, maxChars - 1).trimEnd()}…`
  return { text: kept.join('\n'), lines: maxLines, cut: true }
}

/** Band labels drawn as text marks left of the frame: wrapped, never wider than the margin, whole text in <title>. */
function bandLabels(labels: string[], marginLeft: number, maxLines: number, fontSize = 12): { marks: Plot.Markish[]; lines: number } {
  const maxChars = Math.floor((marginLeft - 12) / (CHAR_PX * fontSize / 12))
  const fitted = labels.map((l) => ({ key: l, full: l, ...fitLabel(l, maxChars, maxLines) }))
  return {
    lines: Math.max(1, ...fitted.map((f) => f.lines)),
    marks: [Plot.text(fitted, { y: 'key', text: 'text', title: 'full', frameAnchor: 'left', textAnchor: 'end', dx: -8, fontSize, lineAnchor: 'middle' })],
  }
}

/** A tier legend drawn by Plot itself (its swatch legends are HTML, which a standalone SVG cannot hold). */
function tierLegend(tiers: TierLabel[]): Plot.PlotOptions {
  return swatchLegend(tiers.map((t) => ({ label: t.label, colour: TIER_COLOURS[t.id] ?? '#999' })))
}

/** Colour swatches with their labels, three to a row, as an SVG Plot can stack under a chart. */
function swatchLegend(items: { label: string; colour: string }[]): Plot.PlotOptions {
  const tiers = items
  return {
    width: 640,
    height: 24 + Math.ceil(tiers.length / 3) * 22,
    marginLeft: 10,
    x: { axis: null, domain: [0, 3] },
    y: { axis: null, domain: [...Array(Math.ceil(tiers.length / 3)).keys()] },
    marks: [
      Plot.dot(tiers, { x: (_, i) => i % 3, y: (_, i) => Math.floor(i / 3), fill: (t: { colour: string }) => t.colour, r: 7, symbol: 'square', dx: 8 }),
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
  const marginLeft = 240
  const labels_ = bandLabels(map.columns.map((c) => c.label), marginLeft, 3)
  const band = Math.max(34, labels_.lines * 15 + 10)
  return plotSvg(
    {
      width: 640,
      height: 60 + map.columns.length * band,
      marginLeft,
      x: { label: labels.count, grid: true, tickFormat: 'd', domain: [0, Math.max(1, ...data.map((d) => d.n))] },
      y: { axis: null, domain: map.columns.map((c) => c.label) },
      color: { domain: [labels.primary, labels.secondary], range: ['#005a5b', '#9fd5d0'] },
      marks: [Plot.barX(data, Plot.stackX({ x: 'n', y: 'need', fill: 'kind' })), Plot.ruleX([0]), ...labels_.marks],
    },
    { title: labels.title, description: labels.description },
    // Plot's own colour legend is HTML, which a standalone SVG cannot hold: draw it as SVG.
    ...(map.secondary ? [swatchLegend([{ label: labels.primary, colour: '#005a5b' }, { label: labels.secondary, colour: '#9fd5d0' }])] : []),
  )
}

/** Stacked bars: each clearinghouse's current grades split by harmonised tier. */
export function tierChart(rows: { clearinghouse: string; tier: string; n: number }[], tiers: TierLabel[], text: { title: string; description: string; count: string }): string {
  const label = new Map(tiers.map((t) => [t.id, t.label]))
  const data = rows.map((r) => ({ ...r, tierLabel: label.get(r.tier) ?? r.tier }))
  const clearinghouses = [...new Set(rows.map((r) => r.clearinghouse))]
  const marginLeft = 270
  const names = bandLabels(clearinghouses, marginLeft, 2)
  const band = Math.max(30, names.lines * 15 + 8)
  return plotSvg(
    {
      width: 640,
      height: 80 + clearinghouses.length * band,
      x: { label: text.count, grid: true, tickFormat: 'd' },
      y: { axis: null, domain: clearinghouses },
      marginLeft,
      color: { domain: tiers.map((t) => t.label), range: tiers.map((t) => TIER_COLOURS[t.id] ?? '#999') },
      marks: [Plot.barX(data, Plot.stackX({ x: 'n', y: 'clearinghouse', fill: 'tierLabel', order: tiers.map((t) => t.label) })), Plot.ruleX([0]), ...names.marks],
    },
    text,
    tierLegend(tiers),
  )
}

/** The matrix as a picture: a cell per row and need, coloured by tier, marked ● primary / ○ secondary or with a count. */
export function matrixPicture(map: GapMap, text: { title: string; description: string }, tiers: TierLabel[], footer: string[] = []): string {
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
  // Room for the longest row name (up to 420 px; longer names end in "…" with the whole name in <title>),
  // and 120 px a column with the need names wrapped above it, as many lines as the longest needs.
  const marginLeft = Math.min(420, 24 + Math.max(0, ...rows.map((r) => r.label.length)) * CHAR_PX)
  const rowLabels = bandLabels(rows.map((r) => r.label), marginLeft, 1)
  const colChars = Math.floor(112 / (CHAR_PX * 11 / 12))
  const heads = map.columns.map((c) => ({ key: c.label, full: c.label, ...fitLabel(c.label, colChars, 5) }))
  const headLines = Math.max(1, ...heads.map((h) => h.lines))
  const marginTop = 16 + headLines * 14
  return plotSvg(
    {
      width: marginLeft + 20 + map.columns.length * 120,
      height: marginTop + 20 + rows.length * 22,
      marginLeft,
      marginBottom: 10,
      marginTop,
      x: { domain: map.columns.map((c) => c.label), axis: null },
      y: { domain: rows.map((r) => r.label), axis: null },
      marks: [
        Plot.text(heads, { x: 'key', text: 'text', title: 'full', frameAnchor: 'top', lineAnchor: 'bottom', dy: -6, fontSize: 11 }),
        ...rowLabels.marks,
        Plot.cell(cells, { x: 'need', y: 'row', fill: 'fill', inset: 1 }),
        Plot.text(cells, { x: 'need', y: 'row', text: 'mark', fill: 'ink', fontWeight: 'bold' }),
        Plot.frame({ stroke: '#b1b4b6' }),
      ],
    },
    { ...text, footer },
    tierLegend(tiers),
  )
}
