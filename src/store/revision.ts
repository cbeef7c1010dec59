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
