import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect, type LogEvent } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'
import { createPglite, takeEarly } from './pglite-open.ts'
import { holdRevision } from './revision.ts'

export type StoreOptions =
  | ({ kind: 'postgres'; url: string; poolSize?: number } & Observe)
  /** dataDir: a directory on disk (locked); omitted: in memory, optionally loaded from a dump. */
  | ({ kind: 'pglite'; dataDir?: string; loadDataDir?: Blob } & Observe)

interface Observe {
  /** Called with every SQL statement run (tests count them: a warm page, a publish). */
  onQuery?: (sql: string, ms: number) => void
}

const logOption = (o: Observe) => (o.onQuery ? { log: (e: LogEvent) => o.onQuery!(e.query.sql, e.queryDurationMillis) } : {})

export interface Store {
  readonly db: Kysely<Database>
  readonly kind: 'postgres' | 'pglite'
  /** For PGlite: a tarball of the whole data directory (fast test set-up). */
  dumpDataDir?(): Promise<Blob>
  /** Flushes to disk (PGlite) and closes every connection; releases the lock. */
  close(): Promise<void>
}

/** A statement that begins with this comment is prepared once per connection under the name it gives. */
export const PREPARED = /^\/\* prepared: ([a-z0-9-]+) \*\//

/**
 * Statements marked `/* prepared: name *\/` go as named prepared statements: node-postgres parses
 * them once per connection and the database plans them once, not on every search. Through the
 * embedded database, parsing and planning a search's hot statements cost as much as running them.
 */
function preparedStatements(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      const m = typeof args[0] === 'string' ? PREPARED.exec(args[0]) : null
      return m ? query({ name: m[1], text: args[0], values: args[1] }) : query(...args)
    }
  })
  return pool
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.kind === 'postgres') {
    const pool = preparedStatements(new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 }))
    let closing = false
    // An idle connection can be cut by the server (restart, admin command, or a drop racing our own
    // close: pool.end() resolves before the sockets are gone). Without a listener pg throws it as an
    // uncaught exception and takes the process down; the pool replaces the connection on next use.
    pool.on('error', (err) => {
      if (!closing) process.emitWarning(`PostgreSQL dropped an idle connection: ${err.message}`)
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...logOption(options) })
    const listener = listenForRevisions(options.url, holdRevision(db))
    return {
      db,
      kind: 'postgres',
      close: () => {
        closing = true
        listener.stop()
        return db.destroy()
      },
    }
  }

  const { pglite, lock } = await ((options.dataDir ? takeEarly(options.dataDir) : undefined) ?? createPglite(options))
  // One connection: PGlite is a single session, so a transaction must not share it.
  const pool = preparedStatements(new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...logOption(options) })
  // One process writes an embedded database: its own commits notify it, so the revision held in memory is exact.
  const revision = holdRevision(db)
  const unlisten = await pglite.listen('atlas_revision', revision.changed)
  revision.live(true)
  let closed = false
  return {
    db,
    kind: 'pglite',
    dumpDataDir: async () => (await pglite.dumpDataDir('gzip')) as Blob,
    async close() {
      if (closed) return
      closed = true
      try {
        revision.live(false)
        await unlisten()
        await db.destroy()
        if (options.dataDir) await pglite.exec('CHECKPOINT')
        await pglite.close()
      } finally {
        lock?.release()
      }
    },
  }
}

/**
 * PostgreSQL: one connection LISTENs for revision changes, so a publish through any instance reaches
 * every instance's held revision when it commits. While that connection is down (and until it is
 * back, retried every second), the revision is read from the database on every request as before.
 */
function listenForRevisions(url: string, revision: { changed: () => void; live: (up: boolean) => void }): { stop: () => void } {
  let stopped = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  const connect = () => {
    if (stopped) return
    const c = new pg.Client({ connectionString: url })
    client = c
    let down = false
    const lost = () => {
      if (down) return
      down = true
      revision.live(false)
      c.end().catch(() => {})
      if (!stopped) (retry = setTimeout(connect, 1000)).unref()
    }
    c.on('error', lost)
    c.on('end', lost)
    c.on('notification', () => revision.changed())
    c.connect()
      .then(() => c.query('LISTEN atlas_revision'))
      .then(() => {
        if (!down && !stopped) revision.live(true)
      })
      .catch(lost)
  }
  connect()
  return {
    stop() {
      stopped = true
      clearTimeout(retry)
      revision.live(false)
      client?.end().catch(() => {})
    },
  }
}
