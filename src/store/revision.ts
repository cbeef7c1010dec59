import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from './database.ts'

/**
 * The catalogue revision: a number every publish bumps (a catalogue load, a snapshot import, later
 * an editor's publish). Response caches in every app instance are keyed on it, so a change made
 * through one instance is served by all of them at once.
 */
export async function currentRevision(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('catalogue_meta').select('value').where('key', '=', 'revision').executeTakeFirst()
  return row ? Number(row.value) : 0
}

export async function bumpRevision(tx: Transaction<Database> | Kysely<Database>): Promise<void> {
  await sql`
    insert into catalogue_meta (key, value) values ('revision', '1'::jsonb)
    on conflict (key) do update set value = to_jsonb((catalogue_meta.value #>> '{}')::bigint + 1)`.execute(tx)
}

/**
 * Refreshes the planner's statistics after a bulk change. PGlite has no autovacuum, so without this
 * its planner would keep guessing a table of a few rows and never use the indexes.
 */
export async function analyzeAfterBulkChange(db: Kysely<Database>): Promise<void> {
  await sql`analyze`.execute(db)
}
