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
