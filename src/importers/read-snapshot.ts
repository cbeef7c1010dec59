import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { normaliseName } from '../domain/matching.ts'
import type { SnapshotRecord } from '../domain/snapshot.ts'
import { parseGrade, type SnapshotMapping } from './mapping.ts'

/** A problem in a snapshot file: where, which field, and what was expected. */
export interface ImportIssue {
  line: number | null
  field: string | null
  message: string
}

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ImportIssue[],
  ) {
    super(
      `${file} was not imported (nothing of it was kept):\n` +
        issues.slice(0, 20).map((i) => `  ${file}${i.line ? `, line ${i.line}` : ''}${i.field ? `, field "${i.field}"` : ''}: ${i.message}`).join('\n') +
        (issues.length > 20 ? `\n  … and ${issues.length - 20} more` : ''),
    )
    this.name = 'ImportError'
  }
}

export interface ParsedSnapshot {
  file: string
  checksum: string
  records: SnapshotRecord[]
}

/** Finds the first byte that is not valid UTF-8, to name its line. */
function invalidUtf8At(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!
    const n = b < 0x80 ? 1 : b >> 5 === 0b110 ? 2 : b >> 4 === 0b1110 ? 3 : b >> 3 === 0b11110 ? 4 : 0
    if (n === 0 || i + n > buf.length) return i
    for (let k = 1; k < n; k++) if (buf[i + k]! >> 6 !== 0b10) return i
    i += n
  }
  return -1
}

const lineOf = (buf: Buffer, offset: number) => buf.subarray(0, offset).toString('latin1').split('\n').length

/** Reads a CSV or JSON snapshot of one portal; throws ImportError listing every problem. */
export async function readSnapshot(path: string, mapping: SnapshotMapping, levels: { id: string; tier: string }[]): Promise<ParsedSnapshot> {
  const file = basename(path)
  let buf: Buffer
  try {
    buf = await readFile(path)
  } catch (e) {
    throw new ImportError(file, [{ line: null, field: null, message: `cannot be read: ${(e as Error).message}` }])
  }
  const checksum = createHash('sha256').update(buf).digest('hex')
  const bad = invalidUtf8At(buf)
  if (bad >= 0)
    throw new ImportError(file, [{ line: lineOf(buf, bad), field: null, message: `is not valid UTF-8 (byte 0x${buf[bad]!.toString(16)} at offset ${bad}); the file may be Latin-1 or Windows-1252 — save it as UTF-8` }])
  const text = buf.toString('utf8').replace(/^\uFEFF/, '')

  let rows: { line: number; values: Record<string, string> }[]
  if (/\.json$/i.test(file)) {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      const pos = Number(/position (\d+)/.exec((e as Error).message)?.[1] ?? NaN)
      throw new ImportError(file, [{ line: Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : null, field: null, message: `is not valid JSON (truncated?): ${(e as Error).message}` }])
    }
    if (!Array.isArray(data) || !data.every((x) => x && typeof x === 'object' && !Array.isArray(x)))
      throw new ImportError(file, [{ line: null, field: null, message: 'expected a JSON array of objects, one per programme' }])
    rows = data.map((o, i) => ({ line: i + 1, values: Object.fromEntries(Object.entries(o as object).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])) }))
  } else {
    let parsed: string[][]
    try {
      parsed = parseCsv(text, { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][]
    } catch (e) {
      const err = e as Error & { lines?: number }
      throw new ImportError(file, [{ line: err.lines ?? null, field: null, message: `is not well-formed CSV (truncated or a stray quote?): ${err.message}` }])
    }
    const [header, ...body] = parsed
    if (!header) throw new ImportError(file, [{ line: 1, field: null, message: 'is empty; expected a header row and one row per programme' }])
    rows = body.map((r, i) => ({ line: i + 2, values: Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])) }))
  }
  if (rows.length === 0) throw new ImportError(file, [{ line: null, field: null, message: 'holds no programmes; expected at least one record' }])

  // Resolve each role to a column of the file.
  const headers = Object.keys(rows[0]!.values)
  const find = (candidates: string[]) => headers.find((h) => candidates.some((c) => c.toLowerCase() === h.trim().toLowerCase()))
  const issues: ImportIssue[] = []
  const col = {
    id: find(mapping.columns.id),
    name: find(mapping.columns.name),
    grade: find(mapping.columns.grade),
    reviewDate: find(mapping.columns.reviewDate),
    url: find(mapping.columns.url),
  }
  if (!col.name) issues.push({ line: 1, field: null, message: `no column for the programme name; expected one of: ${mapping.columns.name.join(', ')}` })
  if (!col.grade) issues.push({ line: 1, field: null, message: `no column for the grade; expected one of: ${mapping.columns.grade.join(', ')}` })
  if (issues.length) throw new ImportError(file, issues)
  const known = new Set(Object.values(col).filter(Boolean))
  const tierOf = new Map(levels.map((l) => [l.id, l.tier]))

  const records: SnapshotRecord[] = []
  const seen = new Map<string, number>()
  for (const { line, values } of rows) {
    const name = values[col.name!]?.trim() ?? ''
    const gradeText = values[col.grade!]?.trim() ?? ''
    const url = col.url ? values[col.url]?.trim() || null : null
    const rawDate = col.reviewDate ? values[col.reviewDate]?.trim() || null : null
    if (!name) issues.push({ line, field: col.name!, message: 'is empty; expected the programme\'s name' })
    const level = gradeText ? parseGrade(mapping, gradeText) : null
    if (!gradeText) issues.push({ line, field: col.grade!, message: 'is empty; expected the grade as the portal words it' })
    else if (level === null || !tierOf.has(level))
      issues.push({ line, field: col.grade!, message: `unknown grade "${gradeText.slice(0, 80)}"; expected a level of scale ${mapping.scale} (${levels.map((l) => l.id).join(', ')})` })
    if (rawDate && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(rawDate)) issues.push({ line, field: col.reviewDate!, message: `"${rawDate.slice(0, 40)}" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD` })
    if (url && !/^https?:\/\//.test(url)) issues.push({ line, field: col.url!, message: `"${url.slice(0, 60)}" is not a web address; expected http(s)://…` })
    const key = (col.id && values[col.id]?.trim()) || url || normaliseName(name)
    if (key && seen.has(key)) issues.push({ line, field: col.id ?? col.name!, message: `"${key.slice(0, 60)}" is listed twice (also on line ${seen.get(key)}); expected one row per programme` })
    seen.set(key, line)
    const fields = Object.fromEntries(Object.entries(values).filter(([k]) => !known.has(k)).map(([k, v]) => [k, v]))
    records.push({ key, name, url, nativeLevel: gradeText, level: level ?? '', tier: tierOf.get(level ?? '') ?? 'unknown', reviewDate: rawDate, fields, line })
  }
  if (issues.length) throw new ImportError(file, issues)
  return { file, checksum, records }
}
