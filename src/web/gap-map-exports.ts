import { toCsv } from '../domain/csv.ts'
import type { GapCell, GapRow } from '../domain/gap-map.ts'
import type { GapMapView } from './gap-map-query.ts'

/**
 * The map in publication layout, the way Table 9 is printed: a first column of interventions,
 * one column per need, group headings as rows, "X" for a primary goal ("(x)" for a secondary one
 * when shown), counts for grouped rows.
 */
export interface PublicationTable {
  caption: string
  head: string[]
  sections: { label: string; rows: string[][] }[]
}

function mark(row: GapRow, cell: GapCell): string {
  if (row.kind === 'group') return cell.primary.length || cell.secondary.length ? `${cell.primary.length}${cell.secondary.length ? ` (+${cell.secondary.length})` : ''}` : ''
  return cell.primary.length ? 'X' : cell.secondary.length ? '(x)' : ''
}

export function publicationTable(view: GapMapView, firstColumn: string, caption: string, inReport: (name: string) => string = (n) => `in the report: ${n}`): PublicationTable {
  const pub = view.query.scope === 'table-9' ? view.publication : null
  return {
    caption: pub ? `${pub.label}. ${pub.title}` : caption,
    head: [firstColumn, ...view.map.columns.map((c) => pub?.columnLabels[c.id] ?? c.label)],
    sections: view.map.sections.map((s) => ({
      label: s.label,
      rows: s.rows.map((r) => [r.nameInReport ? `${r.label} (${inReport(r.nameInReport)})` : r.label, ...view.map.columns.map((c) => mark(r, r.cells[c.id]!))]),
    })),
  }
}

/**
 * Stored text as literal Markdown: every character Markdown (or the HTML it may carry) could read as
 * syntax is escaped — emphasis, links and images (`[`, so `](…)` and `![` cannot form), code,
 * strikethrough, table pipes, raw HTML and entities (line-start syntax such as `#` or `-` cannot
 * occur: every cell follows `| `) — and line breaks become spaces, so a cell stays one cell of one row.
 */
export function mdCell(s: string): string {
  return s
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]|~<>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
}

export function toMarkdown(t: PublicationTable): string {
  const lines = [`**${mdCell(t.caption)}**`, '', `| ${t.head.map(mdCell).join(' | ')} |`, `|${t.head.map((_, i) => (i === 0 ? '---' : ':---:')).join('|')}|`]
  for (const s of t.sections) {
    if (s.label) lines.push(`| **${mdCell(s.label)}** |${' |'.repeat(t.head.length - 1)}`)
    for (const r of s.rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`)
  }
  return lines.join('\n') + '\n'
}

export function gapMapCsv(view: GapMapView): string {
  const rows = view.map.sections.flatMap((s) =>
    s.rows.map((r) => [s.label, r.id, r.label, r.kind === 'intervention' ? r.bestTier : r.size, ...view.map.columns.map((c) => mark(r, r.cells[c.id]!))]),
  )
  return toCsv(['section', 'id', 'row', view.map.rowMode === 'interventions' ? 'best_tier' : 'interventions', ...view.map.columns.map((c) => c.label)], rows)
}
