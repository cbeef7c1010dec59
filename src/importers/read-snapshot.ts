import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { basename } from 'node:path'
import { parse as parseCsvStream } from 'csv-parse'
import { normaliseName } from '../domain/matching.ts'
import type { ParsedSnapshot, SnapshotRecord } from '../domain/snapshot.ts'
import { parseGrade, type SnapshotMapping } from './mapping.ts'
import { dateProblem } from '../domain/dates.ts'

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

/**
 * Limits on a snapshot file, so that one file can neither take the server's memory nor its time:
 * the biggest portals list a few thousand programmes in well under a megabyte.
 */
export const SNAPSHOT_LIMITS = {
  bytes: 10 * 1024 * 1024,
  records: 20_000,
  columns: 100,
  /** Longest value of any field; the name and grade are held shorter. */
  fieldChars: 2_000,
  nameChars: 300,
  gradeChars: 200,
  keyChars: 300,
  /** All of one programme's fields together (what a change event may carry before and after). */
  recordChars: 16_000,
  /** Reading and checking the file (the database import comes after). */
  seconds: 60,
} as const

/** Where a snapshot comes from: a file on disk (the command line) or an upload's bytes (the web). */
export type SnapshotSource = { path: string } | { name: string; bytes: Buffer }


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

async function readBounded(file: string, source: SnapshotSource): Promise<Buffer> {
  if ('bytes' in source) {
    if (source.bytes.length > SNAPSHOT_LIMITS.bytes) throw tooBig(file, source.bytes.length)
    return source.bytes
  }
  let handle
  try {
    handle = await open(source.path, 'r')
  } catch (e) {
    throw new ImportError(file, [{ line: null, field: null, message: `cannot be read: ${(e as Error).message}` }])
  }
  try {
    const { size } = await handle.stat()
    if (size > SNAPSHOT_LIMITS.bytes) throw tooBig(file, size)
    // Read at most one byte past the limit, whatever the file grows to meanwhile.
    const buf = Buffer.alloc(Math.min(size, SNAPSHOT_LIMITS.bytes) + 1)
    let n = 0
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n)
      if (bytesRead === 0) break
      n += bytesRead
      if (n >= buf.length) throw tooBig(file, n)
    }
    return buf.subarray(0, n)
  } finally {
    await handle.close()
  }
}

const tooBig = (file: string, bytes: number) =>
  new ImportError(file, [{ line: null, field: null, message: `is ${(bytes / 1024 / 1024).toFixed(1)} MB; the largest snapshot accepted is ${SNAPSHOT_LIMITS.bytes / 1024 / 1024} MB (a portal's listing is far smaller: is this the right file?)` }])

type Row = { line: number; values: Record<string, string> }

/** Checks one row's shape against the limits as it is read. */
function checkRow(file: string, row: Row, deadline: number, count: number): void {
  if (count > SNAPSHOT_LIMITS.records) throw new ImportError(file, [{ line: row.line, field: null, message: `holds more than ${SNAPSHOT_LIMITS.records} programmes; split it or check it is a portal's listing` }])
  if (Date.now() > deadline) throw new ImportError(file, [{ line: row.line, field: null, message: `took longer than ${SNAPSHOT_LIMITS.seconds} s to read; nothing was kept` }])
  const keys = Object.keys(row.values)
  if (keys.length > SNAPSHOT_LIMITS.columns) throw new ImportError(file, [{ line: row.line, field: null, message: `has ${keys.length} columns; at most ${SNAPSHOT_LIMITS.columns} are accepted` }])
  const total = keys.reduce((n, k) => n + k.length + row.values[k]!.length, 0)
  if (total > SNAPSHOT_LIMITS.recordChars) throw new ImportError(file, [{ line: row.line, field: null, message: `holds ${total} characters for one programme; at most ${SNAPSHOT_LIMITS.recordChars} are accepted` }])
  for (const k of keys) {
    const v = row.values[k]!
    if (k.length > 100) throw new ImportError(file, [{ line: row.line, field: k.slice(0, 60), message: `has a column name of ${k.length} characters; at most 100` }])
    if (v.length > SNAPSHOT_LIMITS.fieldChars) throw new ImportError(file, [{ line: row.line, field: k, message: `is ${v.length} characters long; at most ${SNAPSHOT_LIMITS.fieldChars} are accepted` }])
    if (/[\u0000]/.test(v) || /[\u0000]/.test(k)) throw new ImportError(file, [{ line: row.line, field: k.replace(/\u0000/g, '\\0'), message: 'contains a NUL character, which no text may hold' }])
  }
}

/** Reads a CSV or JSON snapshot of one portal; throws ImportError listing every problem, never anything else. */
export async function readSnapshot(source: SnapshotSource, mapping: SnapshotMapping, levels: { id: string; tier: string }[]): Promise<ParsedSnapshot> {
  const file = basename('path' in source ? source.path : source.name)
  try {
    return await readSnapshotChecked(file, source, mapping, levels)
  } catch (e) {
    if (e instanceof ImportError) throw e
    // Whatever else a malformed file provokes is still a refusal with a message, never a stack trace.
    throw new ImportError(file, [{ line: null, field: null, message: `could not be read as a snapshot: ${(e as Error)?.message?.slice(0, 200) ?? String(e)}` }])
  }
}

async function readSnapshotChecked(file: string, source: SnapshotSource, mapping: SnapshotMapping, levels: { id: string; tier: string }[]): Promise<ParsedSnapshot> {
  const deadline = Date.now() + SNAPSHOT_LIMITS.seconds * 1000
  const buf = await readBounded(file, source)
  const checksum = createHash('sha256').update(buf).digest('hex')
  const bad = invalidUtf8At(buf)
  if (bad >= 0)
    throw new ImportError(file, [{ line: lineOf(buf, bad), field: null, message: `is not valid UTF-8 (byte 0x${buf[bad]!.toString(16)} at offset ${bad}); the file may be Latin-1 or Windows-1252 — save it as UTF-8` }])
  const text = buf.toString('utf8').replace(/^\uFEFF/, '')

  const rows: Row[] = []
  if (/\.json$/i.test(file)) {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      const pos = Number(/position (\d+)/.exec((e as Error).message)?.[1] ?? NaN)
      throw new ImportError(file, [{ line: Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : null, field: null, message: `is not valid JSON (truncated?): ${(e as Error).message.slice(0, 200)}` }])
    }
    if (!Array.isArray(data) || !data.every((x) => x && typeof x === 'object' && !Array.isArray(x)))
      throw new ImportError(file, [{ line: null, field: null, message: 'expected a JSON array of objects, one per programme' }])
    for (const [i, o] of data.entries()) {
      const row = { line: i + 1, values: Object.fromEntries(Object.entries(o as object).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)])) }
      checkRow(file, row, deadline, i + 1)
      rows.push(row)
    }
  } else {
    // Parsed as a stream, row by row, each checked against the limits as it comes.
    const parser = Readable.from([text]).pipe(parseCsvStream({ relax_column_count: false, skip_empty_lines: true, trim: true, max_record_size: SNAPSHOT_LIMITS.recordChars * 4, info: true }))
    let header: string[] | undefined
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!header) {
          header = record
          if (header.length > SNAPSHOT_LIMITS.columns) throw new ImportError(file, [{ line: 1, field: null, message: `has ${header.length} columns; at most ${SNAPSHOT_LIMITS.columns} are accepted` }])
          continue
        }
        const row = { line: info.lines, values: Object.fromEntries(header.map((h, j) => [h, record[j] ?? ''])) }
        checkRow(file, row, deadline, rows.length + 1)
        rows.push(row)
      }
    } catch (e) {
      if (e instanceof ImportError) {
        parser.destroy()
        throw e
      }
      const err = e as Error & { lines?: number }
      throw new ImportError(file, [{ line: err.lines ?? null, field: null, message: `is not well-formed CSV (truncated or a stray quote?): ${err.message.slice(0, 200)}` }])
    }
    if (!header) throw new ImportError(file, [{ line: 1, field: null, message: 'is empty; expected a header row and one row per programme' }])
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
    else if (name.length > SNAPSHOT_LIMITS.nameChars) issues.push({ line, field: col.name!, message: `is ${name.length} characters long; a programme's name has at most ${SNAPSHOT_LIMITS.nameChars}` })
    if (gradeText.length > SNAPSHOT_LIMITS.gradeChars) issues.push({ line, field: col.grade!, message: `is ${gradeText.length} characters long; a grade has at most ${SNAPSHOT_LIMITS.gradeChars}` })
    const level = gradeText ? parseGrade(mapping, gradeText) : null
    if (!gradeText) issues.push({ line, field: col.grade!, message: 'is empty; expected the grade as the portal words it' })
    else if (level === null || !tierOf.has(level))
      issues.push({ line, field: col.grade!, message: `unknown grade "${gradeText.slice(0, 80)}"; expected a level of scale ${mapping.scale} (${levels.map((l) => l.id).join(', ')})` })
    const dateBad = rawDate ? dateProblem(rawDate) : null
    if (dateBad) issues.push({ line, field: col.reviewDate!, message: dateBad })
    if (url && !/^https?:\/\//.test(url)) issues.push({ line, field: col.url!, message: `"${url.slice(0, 60)}" is not a web address; expected http(s)://…` })
    const key = (col.id && values[col.id]?.trim()) || url || normaliseName(name)
    if (!key) issues.push({ line, field: col.id ?? col.name!, message: 'gives no way to tell this programme apart (no id, address or name with letters)' })
    else if (key.length > SNAPSHOT_LIMITS.keyChars) issues.push({ line, field: col.id ?? col.name!, message: `is ${key.length} characters long as an identifier; at most ${SNAPSHOT_LIMITS.keyChars}` })
    if (key && seen.has(key)) issues.push({ line, field: col.id ?? col.name!, message: `"${key.slice(0, 60)}" is listed twice (also on line ${seen.get(key)}); expected one row per programme` })
    seen.set(key, line)
    const fields = Object.fromEntries(Object.entries(values).filter(([k]) => !known.has(k)).map(([k, v]) => [k, v]))
    records.push({ key, name, url, nativeLevel: gradeText, level: level ?? '', tier: tierOf.get(level ?? '') ?? 'unknown', reviewDate: rawDate, fields, line })
  }
  if (issues.length) throw new ImportError(file, issues)
  return { file, checksum, records }
}
