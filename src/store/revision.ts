import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from './database.ts'

/**
 * The catalogue revision: a number every publish bumps (a catalogue load, a snapshot import, later
 * an editor's publish). Response caches in every app instance are keyed on it, so a change made
 * through one instance is served by all of them at once.
 */
export async function currentRevision(db: Kysely<Database>): Promise<number> {
  const held = heldRevisions.get(db)
  if (held?.live && held.value !== undefined) return held.value
  const generation = held?.generation
  const row = await db.selectFrom('catalogue_meta').select('value').where('key', '=', 'revision').executeTakeFirst()
  const value = row ? Number(row.value) : 0
  // Kept only if no change was announced while reading (the read may have started before a commit).
  if (held?.live && held.generation === generation) held.value = value
  return value
}

/** The revision held in memory, when it is known without reading the database (a cache hit's fast path). */
export function heldRevision(db: Kysely<Database>): number | undefined {
  const held = heldRevisions.get(db)
  return held?.live ? held.value : undefined
}

interface HeldRevision {
  /** The revision, while the database's change notifications are known to arrive. */
  value?: number
  generation: number
  live: boolean
}
const heldRevisions = new WeakMap<object, HeldRevision>()

/**
 * Holds a database's revision in memory, read once and forgotten on every change notification
 * (`atlas_revision`, sent on commit by a trigger on catalogue_meta, migration 007). `live: false`
 * (the listening connection lost) makes every call read the database again until it is back.
 * Returns the callbacks the store's listener calls.
 */
export function holdRevision(db: Kysely<Database>): { changed: () => void; live: (up: boolean) => void } {
  const held: HeldRevision = { generation: 0, live: false }
  heldRevisions.set(db, held)
  const forget = () => {
    held.value = undefined
    held.generation++
  }
  return {
    changed: forget,
    live(up) {
      forget()
      held.live = up
    },
  }
}

/**
 * Forgets this process's held revision at once, after it committed a change that bumped it: a
 * request right after a publish must see the publish, not wait for the database's notification
 * (which every other instance still gets).
 */
export function revisionMoved(db: Kysely<Database>): void {
  const held = heldRevisions.get(db)
  if (!held) return
  held.value = undefined
  held.generation++
}

/** A transaction that changes what the public sees (it bumps the revision), seen by this process the moment it commits. */
export async function changeCatalogue<T>(db: Kysely<Database>, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work)
  } finally {
    revisionMoved(db)
  }
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
