import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
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

/** Headers a hit and a normal response may differ in: per response, or how the body is framed. */
const FRAMING = new Set(['date', 'x-atlas-cache', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'])
const headerSet = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !FRAMING.has(k)).sort(([a], [b]) => a.localeCompare(b)))
const decoded = (body: Buffer, encoding: unknown) =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : encoding === 'deflate' ? inflateSync(body) : body

describe('cache hits answered from the first hook', () => {
  let store: TestStore
  let cached: FastifyInstance
  let plain: FastifyInstance
  before(async () => {
    store = await freshStore('pglite')
    cached = await buildApp({ db: store.db })
    plain = await buildApp({ db: store.db }, { cache: false })
  })
  after(async () => {
    await cached.close()
    await plain.close()
    await store.close()
  })

  const cases: { url: string; headers: Record<string, string> }[] = []
  for (const url of ['/', '/interventions/promoting-first-relationships', '/api/v1/interventions?tier=strong', '/data/datapackage.json', '/gap-map'])
    for (const headers of [{}, { 'accept-encoding': 'br, gzip' }, { 'accept-encoding': 'gzip, deflate' }, { 'accept-encoding': 'deflate' }, { 'accept-language': 'fi', 'accept-encoding': 'br' }, { origin: 'https://elsewhere.example' }] as Record<string, string>[])
      cases.push({ url, headers })

  it('a hit carries the same headers (security headers, CORS, Vary, ETag) and the same bytes as a normal response, in every encoding', async () => {
    for (const { url, headers } of cases) {
      const normal = await plain.inject({ url, headers })
      assert.equal(normal.statusCode, 200, url)
      await cached.inject({ url, headers })
      const hit = await cached.inject({ url, headers })
      const what = `${url} ${JSON.stringify(headers)}`
      assert.equal(hit.headers['x-atlas-cache'], 'hit', what)
      assert.deepEqual(headerSet(hit.headers), headerSet(normal.headers), what)
      assert.ok(hit.headers['content-security-policy'] && hit.headers['x-content-type-options'] === 'nosniff', what)
      // Compressed once per entry (perhaps at another quality than per response): the same bytes once decoded.
      assert.deepEqual(decoded(hit.rawPayload, hit.headers['content-encoding']), decoded(normal.rawPayload, normal.headers['content-encoding']), what)
      assert.equal(Number(hit.headers['content-length']), hit.rawPayload.length, what)
    }
  })

  it('answers HEAD and a matching If-None-Match from the cache as a normal response would', async () => {
    const url = '/interventions'
    await cached.inject(url)
    const head = await cached.inject({ method: 'HEAD', url })
    const normalHead = await plain.inject({ method: 'HEAD', url })
    assert.equal(head.headers['x-atlas-cache'], 'hit')
    assert.equal(head.body, '')
    assert.deepEqual(headerSet(head.headers), headerSet(normalHead.headers))
    assert.equal(head.headers['content-length'], normalHead.headers['content-length'])
    for (const encoding of [undefined, 'br, gzip']) {
      const headers = { 'if-none-match': String(head.headers.etag), ...(encoding ? { 'accept-encoding': encoding } : {}) }
      const hit304 = await cached.inject({ url, headers })
      const normal304 = await plain.inject({ url, headers })
      assert.equal(hit304.statusCode, 304)
      assert.equal(normal304.statusCode, 304)
      assert.equal(hit304.headers['x-atlas-cache'], 'hit')
      assert.equal(hit304.rawPayload.length, 0)
      assert.deepEqual(headerSet(hit304.headers), headerSet(normal304.headers))
    }
    const other = await cached.inject({ url, headers: { 'if-none-match': '"something-else"' } })
    assert.equal(other.statusCode, 200)
  })

  it('keeps nothing private or editorial, not even in memory', async () => {
    const before = cached.responseCacheBytes()
    for (const url of ['/finder?needs=single-parents', '/%66inder?needs=single-parents', '/api/v1/finder?needs=single-parents', '/finder/summary?needs=single-parents', '/login', '/admin'])
      for (let k = 0; k < 2; k++) {
        const res = await cached.inject({ url, headers: { 'accept-encoding': 'br' } })
        assert.equal(res.headers['x-atlas-cache'], undefined, url)
        if (res.statusCode === 200) assert.equal(res.headers['cache-control'], 'no-store', url)
      }
    assert.equal(cached.responseCacheBytes(), before)
  })

  it('counts compressed variants in the bytes it holds', async () => {
    const url = '/clearinghouses'
    await cached.inject(url)
    await cached.inject(url)
    const held = cached.responseCacheBytes()
    await cached.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    assert.ok(cached.responseCacheBytes() > held)
  })

  it('serves assets from memory with the headers @fastify/static and compression gave them', async () => {
    const file = readFileSync(new URL('../../public/atlas.css', import.meta.url))
    for (const headers of [{}, { 'accept-encoding': 'br, gzip' }, { 'accept-encoding': 'gzip' }]) {
      const url = '/assets/atlas.css?v=1'
      const normal = await plain.inject({ url, headers })
      await cached.inject({ url, headers })
      const hit = await cached.inject({ url, headers })
      assert.equal(hit.headers['x-atlas-cache'], 'hit')
      assert.deepEqual(headerSet(hit.headers), headerSet(normal.headers))
      assert.deepEqual(decoded(hit.rawPayload, hit.headers['content-encoding']), file)
    }
    // Conditional and range requests still go to @fastify/static.
    const etag = String((await plain.inject('/assets/atlas.css')).headers.etag)
    const revalidated = await cached.inject({ url: '/assets/atlas.css', headers: { 'if-none-match': etag } })
    assert.equal(revalidated.statusCode, 304)
    const range = await cached.inject({ url: '/assets/atlas.css', headers: { range: 'bytes=0-9' } })
    assert.equal(range.statusCode, 206)
    assert.equal(range.body, file.subarray(0, 10).toString())
    assert.equal((await cached.inject('/assets/nothing-here.css')).statusCode, 404)
  })
})

describe('cache hits and the load limit', () => {
  it('answers a hit while the database’s turns are all taken; a miss still waits and is refused', async () => {
    const store = await freshStore('pglite')
    const app = await buildApp({ db: store.db }, { loadLimit: { concurrency: 1, queue: 0, maxWaitMs: 100 } })
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    app.get('/test-holds-a-turn', async () => {
      await held
      return 'done'
    })
    try {
      await app.inject('/clearinghouses')
      const holding = app.inject('/test-holds-a-turn')
      await new Promise((r) => setTimeout(r, 50))
      const hit = await app.inject('/clearinghouses')
      assert.equal(hit.statusCode, 200)
      assert.equal(hit.headers['x-atlas-cache'], 'hit')
      const miss = await app.inject('/evidence')
      assert.equal(miss.statusCode, 503)
      assert.equal(miss.headers['retry-after'], '2')
      release()
      assert.equal((await holding).statusCode, 200)
    } finally {
      release()
      await app.close()
      await store.close()
    }
  })
})

describe('cache hits answered by the HTTP server itself (access log off), over real HTTP', () => {
  let store: TestStore
  let cached: FastifyInstance
  let plain: FastifyInstance
  let raw = 0
  const bases: Record<'cached' | 'plain', string> = { cached: '', plain: '' }
  before(async () => {
    store = await freshStore('pglite')
    cached = await buildApp({ db: store.db })
    plain = await buildApp({ db: store.db }, { cache: false })
    // Counts the hits the server answered before Fastify saw them.
    const answer = cached.answerRawHit
    cached.answerRawHit = (req, res) => (answer(req, res) ? (raw++, true) : false)
    for (const [k, app] of [['cached', cached], ['plain', plain]] as const) {
      await app.listen({ port: 0, host: '127.0.0.1' })
      bases[k] = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    }
  })
  after(async () => {
    await cached.close()
    await plain.close()
    await store.close()
  })

  /** One request, its status, headers and undecoded body (fetch would decode it). */
  const get = (base: string, path: string, o: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request(base + path, { method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end()
    })
  const SOCKET = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
  const same = (h: Record<string, unknown>) => headerSet(Object.fromEntries(Object.entries(h).filter(([k]) => !SOCKET.has(k))))

  it('answers with the headers and bytes a normal response has, in every encoding, HEAD and 304 included', async () => {
    for (const path of ['/', '/interventions/promoting-first-relationships', '/api/v1/interventions?tier=strong', '/gap-map'])
      for (const headers of [{}, { 'accept-encoding': 'br, gzip' }, { 'accept-language': 'fi', 'accept-encoding': 'gzip' }] as Record<string, string>[]) {
        const what = `${path} ${JSON.stringify(headers)}`
        const normal = await get(bases.plain, path, { headers })
        await get(bases.cached, path, { headers })
        const before = raw
        const hit = await get(bases.cached, path, { headers })
        assert.equal(raw, before + 1, `answered by the server: ${what}`)
        assert.equal(hit.status, 200, what)
        assert.equal(hit.headers['x-atlas-cache'], 'hit', what)
        assert.deepEqual(same(hit.headers), same(normal.headers), what)
        assert.deepEqual(decoded(hit.body, hit.headers['content-encoding']), decoded(normal.body, normal.headers['content-encoding']), what)
      }
    const head = await get(bases.cached, '/gap-map', { method: 'HEAD' })
    assert.equal(head.body.length, 0)
    assert.deepEqual(same(head.headers), same((await get(bases.plain, '/gap-map', { method: 'HEAD' })).headers))
    const notModified = await get(bases.cached, '/gap-map', { headers: { 'if-none-match': String(head.headers.etag) } })
    assert.equal(notModified.status, 304)
    assert.equal(notModified.body.length, 0)
  })

  it('serves an asset from memory, and leaves private and unknown requests to Fastify', async () => {
    const home = (await get(bases.cached, '/')).body.toString()
    const css = /href="(\/assets\/atlas\.css\?v=[^"]+)"/.exec(home)![1]!
    await get(bases.cached, css)
    const before = raw
    const asset = await get(bases.cached, css)
    assert.equal(raw, before + 1)
    assert.deepEqual(asset.body, (await get(bases.plain, css)).body)
    // The finder is never cached; a POST never answered from the cache; an unknown page is Fastify's 404.
    for (let k = 0; k < 2; k++) assert.equal((await get(bases.cached, '/finder?needs=single-parents')).headers['x-atlas-cache'], undefined)
    assert.equal((await get(bases.cached, '/admin/login', { method: 'POST' })).headers['x-atlas-cache'], undefined)
    assert.equal((await get(bases.cached, '/no-such-page')).status, 404)
    assert.equal(raw, before + 1)
  })
})
