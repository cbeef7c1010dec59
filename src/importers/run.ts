import { readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../store/database.ts'
import { importSnapshot, type ImportOutcome } from '../workflows/import/snapshot.ts'
import { type StoredEvent } from '../store/changes.ts'
import { ADAPTERS } from './adapters.ts'
import { SnapshotMapping } from './mapping.ts'
import { ImportError, readSnapshot } from './read-snapshot.ts'
import { dateProblem } from '../domain/dates.ts'

export interface ImportOptions {
  clearinghouse: string
  /** The file's path; with `bytes`, only its name (an upload, never written to disk). */
  file: string
  bytes?: Buffer
  /** YYYY-MM-DD; else taken from the file name. */
  retrievedAt?: string
  importedBy: string
  /** A generic mapping file, for a portal without a built-in adapter (or to override one). */
  mappingFile?: string
}

async function mappingFor(db: Kysely<Database>, clearinghouse: string, mappingFile?: string): Promise<SnapshotMapping> {
  const known = await db.selectFrom('clearinghouse').select('id').where('id', '=', clearinghouse).executeTakeFirst()
  if (!known) {
    const all = (await db.selectFrom('clearinghouse').select('id').orderBy('id').execute()).map((c) => c.id)
    throw new ImportError(clearinghouse, [{ line: null, field: null, message: `unknown clearinghouse "${clearinghouse}"; expected one of: ${all.join(', ')}` }])
  }
  if (mappingFile) {
    let json: unknown
    try {
      json = JSON.parse(await readFile(mappingFile, 'utf8'))
    } catch (e) {
      throw new ImportError(basename(mappingFile), [{ line: null, field: null, message: `cannot be read as JSON: ${(e as Error).message}` }])
    }
    const parsed = SnapshotMapping.safeParse(json)
    if (!parsed.success) throw new ImportError(basename(mappingFile), parsed.error.issues.map((i) => ({ line: null, field: i.path.join('.') || null, message: i.message })))
    if (parsed.data.clearinghouse !== clearinghouse) throw new ImportError(basename(mappingFile), [{ line: null, field: 'clearinghouse', message: `maps "${parsed.data.clearinghouse}", expected "${clearinghouse}"` }])
    return parsed.data
  }
  const adapter = ADAPTERS[clearinghouse]
  if (!adapter) throw new ImportError(clearinghouse, [{ line: null, field: null, message: `no built-in adapter for "${clearinghouse}"; give a generic mapping file with --mapping (adapters: ${Object.keys(ADAPTERS).join(', ')})` }])
  return adapter
}

const DATE_IN_NAME = /(\d{4}-\d{2}-\d{2})/

export async function importFile(db: Kysely<Database>, o: ImportOptions): Promise<ImportOutcome> {
  const mapping = await mappingFor(db, o.clearinghouse, o.mappingFile)
  const retrievedAt = o.retrievedAt ?? DATE_IN_NAME.exec(basename(o.file))?.[1]
  if (!retrievedAt)
    throw new ImportError(basename(o.file), [{ line: null, field: null, message: 'no retrieval date: name the file with it (e.g. 2026-11-26.csv) or give --retrieved YYYY-MM-DD' }])
  const bad = dateProblem(retrievedAt, { full: true })
  if (bad) throw new ImportError(basename(o.file), [{ line: null, field: 'retrieved', message: `retrieval date ${bad}` }])
  const levels = await db.selectFrom('scale_level').select(['id', 'tier_id as tier']).where('clearinghouse_id', '=', o.clearinghouse).where('scale_id', '=', mapping.scale).orderBy('position').execute()
  if (levels.length === 0) throw new ImportError(basename(o.file), [{ line: null, field: null, message: `clearinghouse ${o.clearinghouse} has no scale "${mapping.scale}" with levels` }])
  const parsed = await readSnapshot(o.bytes ? { name: o.file, bytes: o.bytes } : { path: o.file }, mapping, levels)
  return importSnapshot(db, parsed, { clearinghouse: o.clearinghouse, scale: mapping.scale, retrievedAt, importedBy: o.importedBy })
}

export interface FolderFile {
  clearinghouse: string
  retrievedAt: string
  path: string
  mappingFile?: string
}

/** Snapshots in a folder: `<clearinghouse>/<YYYY-MM-DD>….csv|json` (a `mapping.json` beside them for a generic portal), oldest first. */
export async function snapshotsIn(folder: string): Promise<FolderFile[]> {
  const out: FolderFile[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const dir = join(folder, entry.name)
    const names = await readdir(dir)
    const mappingFile = names.includes('mapping.json') ? join(dir, 'mapping.json') : undefined
    for (const n of names) {
      const date = DATE_IN_NAME.exec(n)?.[1]
      if (!date || !/\.(csv|json)$/i.test(n)) continue
      out.push({ clearinghouse: entry.name, retrievedAt: date, path: join(dir, n), ...(mappingFile ? { mappingFile } : {}) })
    }
  }
  return out.sort((a, b) => a.retrievedAt.localeCompare(b.retrievedAt) || a.clearinghouse.localeCompare(b.clearinghouse) || a.path.localeCompare(b.path))
}

export interface MonitorReport {
  imported: { file: string; snapshotId: number; events: number }[]
  skipped: { file: string; reason: string }[]
  failed: { file: string; error: string }[]
  webhookFailures: string[]
}

/** Imports every new snapshot of a folder in date order; reports, never stops half-way through a file. */
export async function monitorFolder(db: Kysely<Database>, folder: string, o: { importedBy: string; webhook?: string; post?: (url: string, body: unknown) => Promise<void> }): Promise<MonitorReport> {
  const report: MonitorReport = { imported: [], skipped: [], failed: [], webhookFailures: [] }
  const post = o.post ?? defaultPost
  for (const f of await snapshotsIn(folder)) {
    const label = `${basename(dirname(f.path))}/${basename(f.path)}`
    try {
      const outcome = await importFile(db, { clearinghouse: f.clearinghouse, file: f.path, retrievedAt: f.retrievedAt, importedBy: o.importedBy, mappingFile: f.mappingFile })
      if (!outcome.imported) {
        report.skipped.push({ file: label, reason: outcome.reason })
        continue
      }
      report.imported.push({ file: label, snapshotId: outcome.snapshotId, events: outcome.events.length })
      if (o.webhook) for (const e of outcome.events) await post(o.webhook, webhookBody(e)).catch((err: Error) => report.webhookFailures.push(`event ${e.id}: ${err.message}`))
    } catch (e) {
      report.failed.push({ file: label, error: (e as Error).message })
    }
  }
  return report
}

export function webhookBody(e: StoredEvent) {
  return { type: 'perinatal-atlas.change', id: e.id, kind: e.kind, clearinghouse: e.clearinghouse, name: e.name, key: e.key, intervention: e.intervention, match: e.match, direction: e.direction, before: e.before, after: e.after, retrievedAt: e.retrievedAt }
}

async function defaultPost(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`webhook answered ${res.status}`)
}
