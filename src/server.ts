import { readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { readCatalogue } from './catalogue/read-files.ts'
import type { Config } from './config.ts'
import { catalogueVersion, loadCatalogue } from './store/catalogue-writer.ts'
import { migrateToLatest } from './store/migrations/index.ts'
import { openStore, type Store } from './store/open.ts'
import { warmCatalogue } from './store/warm.ts'
import { collectSoon } from './web/kit/collect.ts'
import { scheduleWatch } from './workflows/watch/schedule.ts'

/** Opens the store named by the config (locking an embedded data directory), migrated and ready. */
export async function openConfiguredStore(config: Config): Promise<Store> {
  const store = await openStore(config.database.kind === 'postgres' ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir })
  try {
    await migrateToLatest(store.db)
    return store
  } catch (e) {
    await store.close()
    throw e
  }
}

/**
 * Earlier versions wrote each upload to a temporary `atlas-upload-*` folder, which a crash left
 * behind; uploads are now imported from memory. Any such folder older than an hour is removed at start.
 */
export async function sweepUploadLeftovers(dir = tmpdir(), olderThanMs = 3600_000): Promise<number> {
  let removed = 0
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('atlas-upload-')) continue
    const path = join(dir, name)
    const st = await stat(path).catch(() => undefined)
    if (!st || Date.now() - st.mtimeMs < olderThanMs) continue
    await rm(path, { recursive: true, force: true }).then(() => removed++, () => {})
  }
  return removed
}

/** Fills an empty database with the shipped catalogue; leaves one that holds data alone. */
export async function ensureCatalogue(store: Store, log: (msg: string) => void): Promise<void> {
  if ((await catalogueVersion(store.db)) !== null) return
  const outcome = await loadCatalogue(store.db, await readCatalogue())
  if (outcome.loaded) log(`Loaded the shipped catalogue (version ${outcome.version}, ${outcome.interventions} interventions)`)
}

/**
 * The process: open, migrate, seed, listen; on SIGINT/SIGTERM stop accepting, let requests in
 * flight finish, then checkpoint and close the database and release its lock.
 */
export async function serve(config: Config): Promise<number> {
  // Milliseconds since the process started (performance's time origin): each step of a cold start.
  const started = { modules: performance.now(), database: 0, app: 0, listening: 0 }
  await sweepUploadLeftovers()
  const store = await openConfiguredStore(config)
  started.database = performance.now()
  let app: FastifyInstance
  try {
    app = await buildApp({ db: store.db }, { logger: { level: config.logLevel }, cache: config.cache, trustProxy: config.trustProxy, publicUrl: config.publicUrl, cacheBytes: config.cacheBytes })
    await ensureCatalogue(store, (m) => app.log.info(m))
    started.app = performance.now()
    await app.listen({ port: config.port, host: config.host })
    started.listening = performance.now()
    const ms = (a: number, b: number) => Math.round(b - a)
    app.log.info(`Listening ${ms(0, started.listening)} ms after the process started: modules ${ms(0, started.modules)} ms, database ${ms(started.modules, started.database)} ms, app ${ms(started.database, started.app)} ms, listen ${ms(started.app, started.listening)} ms`)
    // The search index and the finder's catalogue of the current revision, built in the background
    // once the first page is served (their build holds the event loop for a while), or after two
    // seconds without a request: the first search or finder request then does not build them (at
    // 5,000 programmes, seconds) while others pile up behind it.
    let warming = false
    const warm = () => {
      if (warming) return
      warming = true
      setTimeout(() => {
        if (!app.server.listening) return
        const t = performance.now()
        void warmCatalogue(store.db, () => app.server.listening)
          .then(() => {
            app.log.info(`Warm in ${Math.round(performance.now() - t)} ms: the search index, the finder's catalogue and the list items`)
            collectSoon() // the builds' garbage (at 50,000 programmes, ~100 MB)
          })
          .catch((e) => app.log.error(e))
      }, 50).unref()
    }
    setTimeout(warm, 2000).unref()
    app.server.once('request', (req, res) => {
      res.once('close', () => {
        app.log.info(`First response ${ms(0, performance.now())} ms after the process started (${req.method} ${req.url?.split('?')[0]?.slice(0, 100)})`)
        warm()
      })
    })
  } catch (e) {
    await store.close()
    throw e
  }
  const w = config.watch
  const watch = w.everyMs !== null && w.contact !== null ? scheduleWatch(store.db, { ...w, contact: w.contact }, w.everyMs, { info: (m) => app.log.info(m), error: (e) => app.log.error(e) }) : null
  if (watch) app.log.info(`The page watch runs every ${w.everyMs! / 60_000} minutes (ATLAS_WATCH_EVERY); the first run is one period from now`)
  app.log.info(`Perinatal Atlas is serving http://${config.host}:${config.port} (${store.kind === 'pglite' && config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL'})`)

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) {
        app.log.warn(`${signal} again: exiting at once`)
        process.exit(1)
      }
      stopping = true
      app.log.info(`${signal}: finishing requests in flight, then closing`)
      let code = 0
      await watch?.stop().catch((e) => app.log.error(e))
      // A connection busy when closing starts turns idle after its response and would otherwise be
      // held for the whole keep-alive timeout: close each one as soon as it is idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50)
      try {
        await app.close()
      } catch (e) {
        app.log.error(e)
        code = 1
      } finally {
        clearInterval(sweep)
      }
      try {
        await store.close()
      } catch (e) {
        app.log.error(e)
        code = 1
      }
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolveExit(code)
    }
    const onInt = () => void stop('SIGINT')
    const onTerm = () => void stop('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
  })
}
