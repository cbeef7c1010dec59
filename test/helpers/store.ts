import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { loadCatalogue } from '../../src/store/catalogue-writer.ts'
import { migrateToLatest } from '../../src/store/migrations/index.ts'
import { openStore, type Store } from '../../src/store/open.ts'

export type Backend = 'pglite' | 'postgres'

/** The backends the database tests run on: always PGlite; PostgreSQL when ATLAS_TEST_POSTGRES_URL names a server. */
export function backends(): Backend[] {
  return process.env.ATLAS_TEST_POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite']
}

const ROOT = new URL('../../', import.meta.url).pathname
const CACHE = join(ROOT, '.cache')

/** Fingerprint of what a prepared database depends on: the migrations and the data files. */
async function fingerprint(): Promise<string> {
  const h = createHash('sha256')
  const dir = join(ROOT, 'src/store/migrations')
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)))
  h.update((await readCatalogue()).version)
  return h.digest('hex').slice(0, 16)
}

/**
 * A migrated PGlite database holding the shipped catalogue, dumped once to .cache/ so each test
 * starts from it in ~0.3 s instead of creating a data directory (3–4 s).
 */
export async function pgliteTemplate(): Promise<Blob> {
  const file = join(CACHE, `pglite-template-${await fingerprint()}.tar.gz`)
  if (!existsSync(file)) {
    const store = await openStore({ kind: 'pglite' })
    await migrateToLatest(store.db)
    await loadCatalogue(store.db, await readCatalogue())
    const blob = await store.dumpDataDir!()
    await store.close()
    mkdirSync(CACHE, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
    renameSync(tmp, file) // atomic: parallel test files never read half a file
  }
  return new Blob([readFileSync(file)])
}

export interface TestStore extends Store {
  backend: Backend
}

/**
 * A fresh database with the shipped catalogue. `empty: true` gives one that is migrated but empty.
 * Closing it throws the database away.
 */
export async function freshStore(backend: Backend, opts: { empty?: boolean; onQuery?: (sql: string) => void } = {}): Promise<TestStore> {
  if (backend === 'pglite') {
    if (opts.empty) {
      const store = await openStore({ kind: 'pglite' })
      await migrateToLatest(store.db)
      return Object.assign(store, { backend })
    }
    const store = await openStore({ kind: 'pglite', loadDataDir: await pgliteTemplate(), onQuery: opts.onQuery })
    return Object.assign(store, { backend })
  }
  const adminUrl = process.env.ATLAS_TEST_POSTGRES_URL!
  const name = `atlas_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const store = await openStore({ kind: 'postgres', url: url.toString(), poolSize: 4, onQuery: opts.onQuery })
  await migrateToLatest(store.db)
  if (!opts.empty) await loadCatalogue(store.db, await readCatalogue())
  const close = store.close
  return Object.assign(store, {
    backend,
    async close() {
      await close()
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  })
}
