import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { importFile } from '../../src/importers/run.ts'
import { openStore, type Store } from '../../src/store/open.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

const FIX = new URL('../fixtures/', import.meta.url).pathname

for (const backend of backends()) {
  describe(`response cache across two app instances on ${backend}`, () => {
    let store: TestStore
    let second: Store | undefined
    let a: FastifyInstance
    let b: FastifyInstance
    before(async () => {
      store = await freshStore(backend)
      a = await buildApp({ db: store.db })
      if (backend === 'postgres') {
        // A second instance with its own connection pool to the same database, as in a scale-out.
        const url = (await store.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('d')).executeTakeFirstOrThrow()).d
        const u = new URL(process.env.ATLAS_TEST_POSTGRES_URL!)
        u.pathname = `/${url}`
        second = await openStore({ kind: 'postgres', url: u.toString(), poolSize: 2 })
      }
      b = await buildApp({ db: (second ?? store).db })
    })
    after(async () => {
      await a.close()
      await b.close()
      await second?.close()
      await store.close()
    })

    it('serves repeat requests from the cache, and a publish through one instance at once from the other', async () => {
      const url = '/interventions/promoting-first-relationships'
      const first = await b.inject(url)
      assert.equal(first.statusCode, 200)
      assert.equal(first.headers['x-atlas-cache'], undefined)
      const hit = await b.inject(url)
      assert.equal(hit.headers['x-atlas-cache'], 'hit')
      assert.equal(hit.body, first.body)
      assert.equal(hit.headers.etag, first.headers.etag)
      assert.equal((await b.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304)
      assert.doesNotMatch(first.body, /2 – Supported by Research Evidence/)

      // Publish through instance A's database connection: two CEBC snapshots regrade PFR.
      for (const f of ['2026-03-01.csv', '2026-09-01.csv']) await importFile(store.db, { clearinghouse: 'cebc', file: `${FIX}cebc/${f}`, importedBy: 'test' })
      await a.inject('/')
      const after = await b.inject(url)
      assert.equal(after.headers['x-atlas-cache'], undefined, 'a new revision is rendered afresh')
      assert.match(after.body, /2 – Supported by Research Evidence/)
      assert.notEqual(after.headers.etag, first.headers.etag)
    })

    it('never caches the needs finder', async () => {
      const url = '/finder?needs=single-parents'
      await b.inject(url)
      const again = await b.inject(url)
      assert.equal(again.headers['x-atlas-cache'], undefined)
      assert.equal(again.headers['cache-control'], 'no-store')
    })
  })
}
