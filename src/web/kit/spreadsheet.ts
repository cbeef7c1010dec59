import { citeAtlas, DATA_LICENCE } from '../../domain/licence.ts'
import type { GradeRow } from '../../store/open-data.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'

/**
 * XLSX workbooks written with exceljs: real cell types (dates stay text as the portals give them,
 * booleans become the reader's yes/no), a bold frozen header row in the reader's language, filters
 * on, and an "About" sheet saying what the data is, its version, dates, licence and how to cite it.
 * Cells are always written as values, never formulas, so stored text cannot run in a spreadsheet.
 */
export interface Sheet {
  name: string
  header: string[]
  rows: (string | number | null | undefined)[][]
  /** Column widths in characters (default: fitted to the header, 12–60). */
  widths?: number[]
}

export interface AboutFacts {
  dataVersion: string | null
  dataRetrievedAt: string | null
  publicUrl: string
  /** The page this export was made from (absolute URL). */
  url: string
  /** The filters or options the export was made with, in words. */
  selection?: string
  /** Extra lines, e.g. the gap map's findings. */
  extra?: [string, string][]
}

export function aboutRows(tr: Translator, facts: AboutFacts, exportedAt = new Date().toISOString().slice(0, 10)): [string, string][] {
  return [
    [tr.t('data.what'), tr.t('data.whatText')],
    [tr.t('data.source'), facts.url],
    ...(facts.selection ? [[tr.t('data.selection'), facts.selection] as [string, string]] : []),
    [tr.t('data.version'), facts.dataVersion ?? '–'],
    [tr.t('data.retrieved'), facts.dataRetrievedAt ?? '–'],
    [tr.t('data.exported'), exportedAt],
    [tr.t('about.licence'), `${DATA_LICENCE.name} (${DATA_LICENCE.id}), ${DATA_LICENCE.url}. ${tr.t('about.credit')}`],
    [tr.t('about.cite'), citeAtlas({ url: facts.url, dataVersion: facts.dataVersion, accessed: exportedAt })],
    ...(facts.extra ?? []),
  ]
}

export async function workbook(sheets: Sheet[], about: { name: string; rows: [string, string][] }): Promise<Buffer> {
  // Loaded on the first export, not at start: exceljs and its zip libraries are a third of the server's code.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Perinatal Atlas'
  wb.created = new Date()
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.addRow(s.header)
    for (const r of s.rows) ws.addRow(r.map((v) => (v === null || v === undefined ? null : v)))
    ws.getRow(1).font = { bold: true }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.header.length } }
    s.header.forEach((h, i) => {
      ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.min(60, Math.max(12, h.length + 2))
    })
  }
  const ws = wb.addWorksheet(about.name.slice(0, 31))
  for (const r of about.rows) ws.addRow(r)
  ws.getColumn(1).width = 24
  ws.getColumn(1).font = { bold: true }
  ws.getColumn(2).width = 100
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The grade table's columns in the reader's language; the values are the same as the API's. */
export function gradeSheet(tr: Translator, rows: GradeRow[]): Sheet {
  const yesNo = (b: boolean) => tr.t(b ? 'common.yes' : 'common.no')
  return {
    name: tr.t('xlsx.sheet.grades'),
    header: ['col.programme', 'col.programmeId', 'col.variant', 'col.scope', 'col.portal', 'col.nativeGrade', 'col.tier', 'col.reviewDate', 'col.pageUrl', 'col.quote', 'col.retrieved', 'col.secondHand', 'col.current', 'col.id'].map((k) => tr.t(k as MessageKey)),
    rows: rows.map((g) => [g.intervention, g.interventionId, g.variant, g.scope, g.clearinghouse, g.nativeGrade, tr.t(`tier.${g.tier}` as MessageKey), g.reviewDate, g.pageUrl, g.quote, g.retrieved, yesNo(g.secondHand), yesNo(g.current), g.assessmentId]),
    widths: [34, 20, 28, 12, 30, 30, 18, 12, 50, 60, 12, 10, 10, 24],
  }
}
