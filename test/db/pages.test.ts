import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { useApp } from '../helpers/app.ts'

// Server-rendered pages, their JSON twins, CSV, languages, caching and hostile input (PGlite).
describe('portal pages', () => {
  const ctx = useApp('pglite')
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app().inject({ url, headers })

  const PAGES = ['/', '/interventions', '/interventions?q=bonding&grading=nordic', '/interventions/icdp', '/interventions/parent-baby-intervention', '/clearinghouses', '/clearinghouses/ungsinn', '/clearinghouses/metodguiden', '/evidence', '/evidence?need=single-parents', '/about']

  for (const url of PAGES) {
    it(`${url} is a complete HTML page in en, fi and sv, with no script and a JSON twin`, async () => {
      for (const lang of ['en', 'fi', 'sv']) {
        const res = await get(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`)
        assert.equal(res.statusCode, 200, `${url} ${lang}`)
        assert.match(res.headers['content-type'] as string, /text\/html/)
        assert.match(res.body, new RegExp(`^<!doctype html><html lang="${lang}">`))
        // No script; the only <script> element allowed is /about's schema.org data block (never run).
        assert.doesNotMatch(res.body, /<script(?! type="application\/ld\+json">)/i)
        assert.match(String(res.headers.link), /rel="alternate"; type="application\/json"/)
      }
      const json = await get(url, { accept: 'application/json' })
      assert.equal(json.statusCode, 200)
      assert.match(json.headers['content-type'] as string, /application\/json/)
      JSON.parse(json.body)
    })
  }

  it('negotiates the language from Accept-Language and keeps a chosen one in links', async () => {
    const fi = await get('/interventions', { 'accept-language': 'fi-FI,fi;q=0.9' })
    assert.match(fi.body, /<html lang="fi">/)
    assert.match(fi.body, /Menetelmät/)
    const sv = await get('/?lang=sv')
    assert.match(sv.body, /href="\/interventions\?lang=sv"/)
  })

  it('gives the same data on the page and in its JSON twin and the API', async () => {
    const twin = JSON.parse((await get('/interventions.json?q=bonding&grading=nordic')).body)
    const api = JSON.parse((await get('/api/v1/interventions?q=bonding&grading=nordic')).body)
    assert.equal(twin.total, api.total)
    assert.deepEqual(twin.items.map((i: any) => i.id), api.items.map((i: any) => i.id))
    const page = (await get('/interventions?q=bonding&grading=nordic')).body
    for (const i of twin.items) assert.ok(page.includes(`href="/interventions/${i.id}"`), i.id)
    const detail = JSON.parse((await get('/interventions/icdp.json')).body)
    assert.equal(detail.id, 'icdp')
    assert.equal(detail.assessments.length, 6)
  })

  it('shows each grade verbatim with its tier, source and dates, and "unknown" plainly', async () => {
    const icdp = (await get('/interventions/icdp')).body
    assert.match(icdp, /<q class="native-grade" lang="fi">4\/5 hyvää vaikuttavuustutkimusta<\/q>/)
    assert.match(icdp, /href="https:\/\/itla.fi\/menetelmapankki\/icdp"/)
    assert.match(icdp, /23 June 2016/)
    assert.match(icdp, /Superseded by a later grade/)
    // The proof on demand, in the page's language; second-hand sources marked; no internal notes.
    assert.match(icdp, /<details class="page-quote"><summary>What the page says<\/summary><blockquote lang="nb">“KONKLUSJON Basert på Ungsinns kriterier klassifiseres ICDP på evidensnivå 3/)
    assert.match(icdp, /docplayer\.me<\/a> <span class="tag"[^>]*>second-hand<\/span>/)
    const pbi = (await get('/interventions/parent-baby-intervention')).body
    assert.match(pbi, /No grade from any clearinghouse has been found/)
    assert.ok((pbi.match(/class="unknown"/g) ?? []).length >= 4)
  })

  it('filters by facets from the URL alone and lets each filter be removed', async () => {
    const body = (await get('/interventions?grading=nordic&need=lack-of-social-support')).body
    assert.match(body, /<input type="checkbox" id="f-grading-nordic" name="grading" value="nordic" checked/)
    assert.match(body, /href="\/interventions\?need=lack-of-social-support"[^>]*>.*A Nordic portal/s)
    assert.match(body, /role="status">3 interventions/)
  })

  it('exports the current results as CSV that opens in Excel', async () => {
    const res = await get('/interventions.csv?grading=uk-usa')
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /text\/csv; charset=utf-8/)
    assert.match(String(res.headers['content-disposition']), /attachment/)
    assert.ok(res.body.startsWith('\uFEFFid,name,'))
    const total = JSON.parse((await get('/interventions.json?grading=uk-usa')).body).total
    assert.equal(res.body.trim().split('\r\n').length, total + 1)
  })

  it('answers a repeat visit with 304 from its ETag, and caches versioned assets for a year', async () => {
    const first = await get('/interventions/icdp')
    const etag = first.headers.etag as string
    assert.ok(etag)
    assert.equal(first.headers['cache-control'], 'no-cache')
    assert.equal((await get('/interventions/icdp', { 'if-none-match': etag })).statusCode, 304)
    const css = (first.body.match(/href="(\/assets\/atlas\.css\?v=[0-9a-f]+)"/) ?? [])[1]!
    const asset = await get(css)
    assert.equal(asset.statusCode, 200)
    assert.match(String(asset.headers['cache-control']), /max-age=31536000.*immutable|immutable.*max-age=31536000/)
  })

  it('sends a strict Content-Security-Policy and security headers', async () => {
    const res = await get('/')
    const csp = String(res.headers['content-security-policy'])
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
  })

  it('keeps the catalogue page with its CSS under 60 KB compressed', async () => {
    const page = await get('/interventions?pageSize=20')
    const css = await get((page.body.match(/href="(\/assets\/atlas\.css\?v=[0-9a-f]+)"/) ?? [])[1]!)
    const bytes = gzipSync(page.body).length + gzipSync(css.body).length
    assert.ok(bytes < 60_000, `${bytes} bytes`)
  })

  describe('hostile input never reaches the page unescaped and never gives a 500', () => {
    it('escapes markup in the search text', async () => {
      const res = await get(`/interventions?q=${encodeURIComponent('<script>alert(1)</script>"><img src=x onerror=alert(1)>')}`)
      assert.equal(res.statusCode, 200)
      assert.doesNotMatch(res.body, /<script>alert|<img src=x/)
      assert.match(res.body, /&lt;script>alert\(1\)&lt;\/script>/)
    })
    it('gives a 400 page naming the parameter for an unknown facet value, escaped', async () => {
      const res = await get(`/interventions?need=${encodeURIComponent('<b>bold</b>')}`)
      assert.equal(res.statusCode, 400)
      assert.match(res.headers['content-type'] as string, /text\/html/)
      assert.match(res.body, /query parameter &quot;need&quot;|query parameter "need"/)
      assert.doesNotMatch(res.body, /<b>bold<\/b>/)
    })
    it('refuses huge and malformed values with a 400 page', async () => {
      for (const url of [`/interventions?q=${'x'.repeat(300)}`, '/interventions?page=-1', '/interventions?sort=%00', `/interventions/${'a'.repeat(300)}`]) {
        const res = await get(url)
        assert.ok([400, 404, 414].includes(res.statusCode), `${url}: ${res.statusCode}`)
        assert.match(res.headers['content-type'] as string, /text\/html/)
      }
    })
    it('ignores unknown parameters on pages', async () => {
      assert.equal((await get('/interventions?utm_source=newsletter')).statusCode, 200)
    })
    it('gives an HTML 404 for a missing page and JSON for a missing API route', async () => {
      const page = await get('/interventions/no-such-programme')
      assert.equal(page.statusCode, 404)
      assert.match(page.body, /Page not found/)
      const api = await get('/api/v1/nothing')
      assert.equal(api.statusCode, 404)
      assert.equal(JSON.parse(api.body).statusCode, 404)
    })
  })
})
