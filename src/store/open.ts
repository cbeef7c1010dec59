import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { join } from 'node:path'
import type { Database } from './database.ts'
import { acquireDirLock, type DirLock } from './lock.ts'

export type StoreOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** dataDir: a directory on disk (locked); omitted: in memory, optionally loaded from a dump. */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }

export interface Store {
  readonly db: Kysely<Database>
  readonly kind: 'postgres' | 'pglite'
  /** For PGlite: a tarball of the whole data directory (fast test set-up). */
  dumpDataDir?(): Promise<Blob>
  /** Flushes to disk (PGlite) and closes every connection; releases the lock. */
  close(): Promise<void>
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 })
    let closing = false
    // An idle connection can be cut by the server (restart, admin command, or a drop racing our own
    // close: pool.end() resolves before the sockets are gone). Without a listener pg throws it as an
    // uncaught exception and takes the process down; the pool replaces the connection on next use.
    pool.on('error', (err) => {
      if (!closing) process.emitWarning(`PostgreSQL dropped an idle connection: ${err.message}`)
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return {
      db,
      kind: 'postgres',
      close: () => {
        closing = true
        return db.destroy()
      },
    }
  }

  let lock: DirLock | undefined
  if (options.dataDir) lock = await acquireDirLock(options.dataDir)
  let pglite: PGlite
  try {
    pglite = await PGlite.create({
      dataDir: options.dataDir ? join(options.dataDir, 'pgdata') : undefined,
      loadDataDir: options.loadDataDir,
      extensions: { pg_trgm, unaccent },
    })
  } catch (e) {
    lock?.release()
    throw e
  }
  // One connection: PGlite is a single session, so a transaction must not share it.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let closed = false
  return {
    db,
    kind: 'pglite',
    dumpDataDir: async () => (await pglite.dumpDataDir('gzip')) as Blob,
    async close() {
      if (closed) return
      closed = true
      try {
        await db.destroy()
        if (options.dataDir) await pglite.exec('CHECKPOINT')
        await pglite.close()
      } finally {
        lock?.release()
      }
    },
  }
}
