import type { Kysely } from 'kysely'
import type { Database } from './database.ts'
import { finderCatalogue } from './finder.ts'
import { warmInterventionItems } from './interventions.ts'
import { currentRevision } from './revision.ts'
import { warmSearchIndex, warmWordParses } from './search-index.ts'

/** The revision each database was last warmed for. */
const warmed = new WeakMap<object, number>()

/**
 * Builds what the current revision's requests read from memory — the search index, the finder's
 * catalogue, the catalogue's list items (best tier first, as many as the item cache keeps), the
 * parse of the words the catalogue uses — one
 * after the other, so that the first searches and finder requests need none of it built on their
 * path. Each build gives the event loop back between its chunks.
 */
export async function warmCatalogue(db: Kysely<Database>, stillWanted: () => boolean = () => true): Promise<void> {
  const revision = await currentRevision(db)
  await warmSearchIndex(db)
  if (!stillWanted()) return
  await finderCatalogue(db)
  if (!stillWanted()) return
  await warmInterventionItems(db, stillWanted)
  if (!stillWanted()) return
  await warmWordParses(db, stillWanted)
  warmed.set(db, revision)
}

/** Whether the current revision has been warmed (the health check reports it; the benchmark waits for it). */
export async function isWarm(db: Kysely<Database>): Promise<boolean> {
  return warmed.get(db) === (await currentRevision(db))
}
