import { toCsv } from '../../domain/csv.ts'
import type { GapCell, GapRow } from '../../domain/gap-map.ts'
import { DATA_LICENCE } from '../../domain/licence.ts'
import type { GapMapView } from './load.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'

/**
 * The map in publication layout, the way Table 9 is printed: a first column of interventions,
 * one column per need, group headings as rows, "X" for a primary goal ("(x)" for a secondary one
 * when shown), counts for grouped rows. Every export carries what the map shows (the findings),
 * where the data comes from and when, all in one language: the reader's.
 */
export interface PublicationTable {
  caption: string
  head: string[]
  sections: { label: string; rows: string[][] }[]
  notes: ExportNotes
}

/** What travels with every export: the findings as sentences, the source line and the date. */
export interface ExportNotes {
  findingsHeading: string
  findings: string[]
  source: string
  date: string
}

export function exportNotes(
  view: GapMapView,
  tr: Translator,
  findingText: (f: GapMapView['findings'][number]) => string,
  facts: { dataVersion: string | null; dataRetrievedAt: string | null; url: string },
  exportedAt = new Date().toISOString().slice(0, 10),
): ExportNotes {
  return {
    findingsHeading: tr.t('gap.findings'),
    findings: view.findings.map(findingText),
    source: tr.t('data.sourceLine', { version: facts.dataVersion ?? '–', retrieved: facts.dataRetrievedAt ?? '–', url: facts.url, licence: DATA_LICENCE.id }),
    date: tr.t('data.dateLine', { date: exportedAt }),
  }
}

function mark(row: GapRow, cell: GapCell): string {
  if (row.kind === 'group') return cell.primary.length || cell.secondary.length ? `${cell.primary.length}${cell.secondary.length ? ` (+${cell.secondary.length})` : ''}` : ''
  return cell.primary.length ? 'X' : cell.secondary.length ? '(x)' : ''
}

export function publicationTable(view: GapMapView, tr: Translator, notes: ExportNotes): PublicationTable {
  const pub = view.query.scope === 'table-9' ? view.publication : null
  return {
    // A map of more rows than a page exports the rows of the page it was asked for, and says which.
    caption: `${pub ? pub.caption : tr.t('gap.caption')}${view.paging.pages > 1 ? ` · ${tr.t('pagination.range', { from: view.paging.from, to: view.paging.to, total: view.paging.rows })}` : ''}`,
    head: [view.map.rowMode === 'interventions' ? tr.t('gap.rowHeader') : tr.t('gap.groupHeader'), ...view.map.columns.map((c) => pub?.columnLabels[c.id] ?? c.label)],
    sections: view.map.sections.map((s) => ({
      label: s.label,
      rows: s.rows.map((r) => [r.nameInReport ? `${r.label} (${tr.t('gap.inReport', { name: r.nameInReport })})` : r.label, ...view.map.columns.map((c) => mark(r, r.cells[c.id]!))]),
    })),
    notes,
  }
}

/**
 * Stored text as literal Markdown: every character that could start emphasis, code, a link, an
 * HTML tag or an entity is backslash-escaped, a leading character that would start a heading, list
 * or quote too, and line breaks become spaces (a table cell is one line). `|` is escaped for tables.
 */
export function mdText(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]<>|~&!#]/g, '\\$&')
    .replace(/^([+\-=]|\d+[.)])/, (m) => m.replace(/[+\-=.)]/, '\\$&'))
}

export function toMarkdown(t: PublicationTable): string {
  const lines = [`**${mdText(t.caption)}**`, '', `| ${t.head.map(mdText).join(' | ')} |`, `|${t.head.map((_, i) => (i === 0 ? '---' : ':---:')).join('|')}|`]
  for (const s of t.sections) {
    if (s.label) lines.push(`| **${mdText(s.label)}** |${' |'.repeat(t.head.length - 1)}`)
    for (const r of s.rows) lines.push(`| ${r.map(mdText).join(' | ')} |`)
  }
  lines.push('', `**${mdText(t.notes.findingsHeading)}**`, '', ...t.notes.findings.map((f) => `- ${mdText(f)}`), '', mdText(t.notes.source), '', mdText(t.notes.date))
  return lines.join('\n') + '\n'
}

/** The map as CSV in the reader's language, then a blank row, the findings, the source and the date. */
export function gapMapCsv(view: GapMapView, tr: Translator, notes: ExportNotes): string {
  const tierLabel = (id: string | undefined) => (id ? tr.t(`tier.${id}` as MessageKey) : '')
  const rows: unknown[][] = view.map.sections.flatMap((s) =>
    s.rows.map((r) => [s.label, r.id, r.label, r.kind === 'intervention' ? tierLabel(r.bestTier) : r.size, ...view.map.columns.map((c) => mark(r, r.cells[c.id]!))]),
  )
  rows.push([], [notes.findingsHeading], ...notes.findings.map((f) => [f]), [], [notes.source], [notes.date])
  const head = [tr.t('col.section'), tr.t('col.id'), view.map.rowMode === 'interventions' ? tr.t('gap.rowHeader') : tr.t('gap.groupHeader'), view.map.rowMode === 'interventions' ? tr.t('col.bestTier') : tr.t('gap.col.count'), ...view.map.columns.map((c) => c.label)]
  return toCsv(head, rows)
}
