import { gunzipSync, gzipSync } from 'node:zlib'
import { sql, type Kysely } from 'kysely'
import type { Database } from './database.ts'
import { migrateToLatest } from './migrations/index.ts'

/**
 * The whole database as one portable file: every table of the catalogue, its history (snapshots,
 * change events, versions, drafts), the audit trail and the accounts; never the sessions or the
 * sign-in throttle. Gzipped JSON, the same on PGlite and PostgreSQL, so either restores the other.
 */
export const BACKUP_FORMAT = 'perinatal-atlas-backup'
export const BACKUP_VERSION = 1

/** Parents before children, so a restore satisfies every foreign key as it goes. */
export const BACKUP_TABLES = [
  'catalogue_meta', 'tier', 'framework_domain', 'need', 'clearinghouse', 'rating_scale', 'scale_level',
  'snapshot', 'snapshot_withdrawal',
  'intervention_row', 'intervention_need_row', 'assessment_row', 'report_table', 'report_inclusion_row', 'evidence_set', 'evidence_statement',
  'snapshot_record', 'page_version', 'change_event',
  'app_user', 'draft', 'record_version', 'audit_event', 'monitor_decision',
  'watched_page', 'watch_run', 'watch_check', 'source_check', 'watch_finding',
] as const

/** Tables a backup made by an older atlas may lack. */
const LATER_TABLES = ['page_version', 'watched_page', 'watch_run', 'watch_check', 'source_check', 'watch_finding', 'snapshot_withdrawal'] as const

interface Column { name: string; type: string }

export interface Backup {
  format: typeof BACKUP_FORMAT
  version: number
  migrations: string[]
  createdAt: string
  tables: Record<string, { columns: string[]; rows: unknown[][] }>
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

async function columnsOf(db: Kysely<Database>, table: string): Promise<Column[]> {
  const r = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db)
  return r.rows.map((c) => ({ name: c.column_name, type: c.data_type }))
}

/** Timestamps travel as text so microseconds survive; JSON columns as their JSON. */
function selectList(cols: Column[]) {
  return sql.join(cols.map((c) => (c.type.startsWith('timestamp') ? sql`${sql.ref(c.name)}::text as ${sql.ref(c.name)}` : sql.ref(c.name))))
}

/**
 * Reads every table in ONE snapshot: a read-only REPEATABLE READ transaction, so a publish or an
 * import committing meanwhile is either wholly in the backup or wholly absent (never a version
 * pointing at a draft still open, never a record disagreeing with its history). Online: PostgreSQL
 * writers go on meanwhile; on PGlite the one session is held for the read (a few hundred ms).
 */
export async function readBackup(db: Kysely<Database>): Promise<Backup> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    const tables: Backup['tables'] = {}
    const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tx)).rows.map((r) => r.name)
    for (const t of BACKUP_TABLES) {
      const cols = await columnsOf(tx, t)
      const rows = await sql<Record<string, unknown>>`select ${selectList(cols)} from ${sql.table(t)} order by ${sql.join(cols.map((c) => sql`${sql.ref(c.name)}::text`))}`.execute(tx)
      tables[t] = { columns: cols.map((c) => c.name), rows: rows.rows.map((r) => cols.map((c) => r[c.name] ?? null)) }
    }
    return { format: BACKUP_FORMAT, version: BACKUP_VERSION, migrations, createdAt: new Date().toISOString(), tables }
  })
}

export function encodeBackup(b: Backup): Buffer {
  return gzipSync(JSON.stringify(b))
}

export function decodeBackup(file: string, bytes: Buffer): Backup {
  let b: Backup
  try {
    b = JSON.parse(gunzipSync(bytes).toString('utf8'))
  } catch (e) {
    throw new BackupError(`${file} is not a Perinatal Atlas backup (expected gzipped JSON): ${(e as Error).message}`)
  }
  if (b?.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Perinatal Atlas backup (format is "${String(b?.format)}")`)
  if (b.version !== BACKUP_VERSION) throw new BackupError(`${file} is backup format version ${b.version}; this atlas reads version ${BACKUP_VERSION}`)
  // Tables added by later migrations are empty in a backup made before them.
  for (const t of LATER_TABLES) if (b.tables && !b.tables[t]) b.tables[t] = { columns: [], rows: [] }
  for (const t of BACKUP_TABLES) if (!b.tables?.[t]) throw new BackupError(`${file} lacks the table "${t}"`)
  return b
}

/**
 * Restores a backup into an empty database, all or nothing: migrates it, refuses one that holds
 * any data, inserts every row, and moves each id sequence past the restored ids.
 */
export async function restoreBackup(db: Kysely<Database>, b: Backup): Promise<{ rows: number }> {
  await migrateToLatest(db)
  const have = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)
  const unknown = b.migrations.filter((m) => !have.includes(m))
  if (unknown.length) throw new BackupError(`The backup comes from a newer atlas (migrations ${unknown.join(', ')}); upgrade before restoring`)
  return db.transaction().execute(async (tx) => {
    for (const t of BACKUP_TABLES) {
      const { n } = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(tx)).rows[0]!
      if (n > 0) throw new BackupError(`The database is not empty (table ${t} has ${n} rows); restore into a new data directory or an empty PostgreSQL database`)
    }
    // Summaries are derived, never backed up: none may survive to describe other data.
    await tx.deleteFrom('revision_summary').execute()
    let total = 0
    for (const t of BACKUP_TABLES) {
      const cols = await columnsOf(tx as unknown as Kysely<Database>, t)
      const types = new Map(cols.map((c) => [c.name, c.type]))
      const { columns, rows } = b.tables[t]!
      for (const c of columns) if (!types.has(c)) throw new BackupError(`The backup's table ${t} has a column "${c}" this database lacks`)
      const value = (c: string, v: unknown) => (v !== null && types.get(c) === 'jsonb' ? JSON.stringify(v) : v)
      for (let i = 0; i < rows.length; i += 200) {
        const batch = rows.slice(i, i + 200)
        await sql`insert into ${sql.table(t)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(batch.map((r) => sql`(${sql.join(r.map((v, k) => sql`${value(columns[k]!, v)}`))})`))}`.execute(tx)
      }
      total += rows.length
      if (columns.includes('id') && types.get('id') === 'integer')
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), greatest(coalesce((select max(id) from ${sql.table(t)}), 0), 1), (select count(*) > 0 from ${sql.table(t)}))`.execute(tx)
    }
    return { rows: total }
  })
}
