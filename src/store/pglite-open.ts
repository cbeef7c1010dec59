import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { join, resolve } from 'node:path'
import { acquireDirLock, type DirLock } from './lock.ts'

export interface OpenedPglite {
  pglite: PGlite
  lock?: DirLock
}

/** Locks the data directory, then opens the embedded database in it (or in memory, from a dump). */
export async function createPglite(o: { dataDir?: string; loadDataDir?: Blob }): Promise<OpenedPglite> {
  const lock = o.dataDir ? await acquireDirLock(o.dataDir) : undefined
  try {
    const pglite = await PGlite.create({
      dataDir: o.dataDir ? join(o.dataDir, 'pgdata') : undefined,
      loadDataDir: o.loadDataDir,
      extensions: { pg_trgm, unaccent },
      // PGlite zeroes and keeps resident its whole shared buffer pool (128 MB by default) at open;
      // the catalogue's working set is far smaller, and searches run from memory (search-index.ts).
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${process.env.ATLAS_PGLITE_SHARED_BUFFERS ?? '16MB'}`],
    })
    return lock ? { pglite, lock } : { pglite }
  } catch (e) {
    lock?.release()
    throw e
  }
}

/**
 * Opening the embedded database started before the rest of the server is loaded (bin/, for
 * `serve`): a third of PGlite's open is waiting (its WebAssembly compiled on other threads, files
 * read), which then overlaps loading the server's code instead of following it.
 */
const early = new Map<string, Promise<OpenedPglite>>()

export function openEarly(dataDir: string): void {
  const dir = resolve(dataDir)
  if (early.has(dir)) return
  const opening = createPglite({ dataDir: dir })
  opening.catch(() => {}) // reported when the store takes it
  early.set(dir, opening)
}

/** The early open of this directory, if one was started; taken once. */
export function takeEarly(dataDir: string): Promise<OpenedPglite> | undefined {
  const dir = resolve(dataDir)
  const opening = early.get(dir)
  early.delete(dir)
  return opening
}
