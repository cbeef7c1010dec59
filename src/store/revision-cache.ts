import type { Kysely, Transaction } from 'kysely'
import type { Database } from './database.ts'
import { currentRevision } from './revision.ts'

/**
 * Small reference data (facet vocabularies, catalogue numbers) changes only when the catalogue
 * revision moves, so it is read once per revision, per database, instead of on every request. The
 * revision itself is read every time (one indexed row), so a publish through another instance is
 * seen at once.
 */
const caches = new WeakMap<object, Map<string, { revision: number; value: Promise<unknown> }>>()

export async function perRevision<T>(db: Kysely<Database> | Transaction<Database>, key: string, load: () => Promise<T>): Promise<T> {
  // Inside a transaction the data may be changing: read it directly.
  if (db.isTransaction) return load()
  const revision = await currentRevision(db)
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  const hit = cache.get(key)
  if (hit && hit.revision === revision) return hit.value as Promise<T>
  const value = load()
  cache.set(key, { revision, value })
  value.catch(() => cache.delete(key))
  return value
}

/**
 * perRevision, and kept in the database with the revision it describes (`revision_summary`), for
 * values worked out from the whole catalogue: a process that starts on an existing database, or
 * another instance, reads the summary instead of working it out again. Stored only if the
 * revision did not move while it was worked out.
 */
export async function storedPerRevision<T>(db: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
  return perRevision(db, `stored:${key}`, async () => {
    if (db.isTransaction) return compute()
    const revision = await currentRevision(db)
    const stored = await db.selectFrom('revision_summary').select(['revision', 'value']).where('key', '=', key).executeTakeFirst()
    if (stored && Number(stored.revision) === revision) return stored.value as T
    const value = await compute()
    if ((await currentRevision(db)) === revision) {
      const row = { key, revision, value: JSON.stringify(value) }
      await db.insertInto('revision_summary').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ revision, value: row.value })).execute()
    }
    return value
  })
}
