import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { compareGrades, isProgrammePage, judgeCheck, quoteFound, readGrades, type PageCheck } from '../../src/domain/watch.ts'
import { extractMainText } from '../../src/importers/page-text.ts'
import { retryAfterMs } from '../../src/workflows/watch/fetch-politely.ts'

const { catalogue } = await readCatalogue()
const rules = (id: string) => {
  const c = catalogue.clearinghouses.find((x) => x.id === id)!
  const w = c.watch!
  return { patterns: w.patterns, levels: c.scales.find((s) => s.id === w.scale)!.levels.map((l) => l.id) }
}
const levelsIn = (id: string, text: string) => readGrades(text, rules(id).patterns, rules(id).levels).map((m) => [m.level, m.text])

describe('grades read from a portal page in its own wording (data/clearinghouses/*.json "watch")', () => {
  it('reads each portal\'s wording', () => {
    assert.deepEqual(levelsIn('ungsinn', 'Tiltaket er klassifisert på evidensnivå 4 av 5 mulige.'), [['4', 'evidensnivå 4']])
    assert.deepEqual(levelsIn('kasvun-tuki', 'Arvio: Kohtalainen dokumentoitu näyttö vaikuttavuudesta.'), [['4', 'Kohtalainen dokumentoitu näyttö']])
    assert.deepEqual(levelsIn('cebc', 'Scientific Rating: 3 Promising Research Evidence. Scientific Rating: NR'), [['3', 'Scientific Rating: 3'], ['NR', 'Scientific Rating: NR']])
    assert.deepEqual(levelsIn('title-iv-e', 'This program is rated as a well-supported practice.'), [['well-supported', 'rated as a well-supported practice']])
    assert.deepEqual(levelsIn('homvee', 'The model does not meet HHS criteria.'), [['does-not-meet', 'does not meet HHS criteria']])
    assert.deepEqual(levelsIn('homvee', 'The model meets HHS criteria for an evidence-based model.'), [['meets', 'meets HHS criteria']])
    assert.deepEqual(levelsIn('eif-guidebook', 'Evidence rating: 3+ ; later Evidence rating 4'), [['3+', 'Evidence rating: 3+'], ['4', 'Evidence rating 4']])
    assert.deepEqual(levelsIn('scotland-eif', 'Evidence Rating 4+'), [['4+', 'Evidence Rating 4+']])
    assert.deepEqual(levelsIn('blueprints', 'Program Rating: Model Plus'), [['model-plus', 'Program Rating: Model Plus']])
    assert.deepEqual(levelsIn('blueprints', 'Program Rating: Promising'), [['promising', 'Program Rating: Promising']])
  })
  it('ignores a level the scale does not have', () => {
    assert.deepEqual(levelsIn('eif-guidebook', 'Evidence rating: 7'), [])
  })
})

describe('quotes and grades compared', () => {
  it('finds a quote whatever the case, spacing, dashes and quote marks; an ellipsis leaves words out', () => {
    assert.ok(quoteFound('Tiltaket  er på EVIDENSNIVÅ 2 - teoretisk begrunnet tiltak.', 'evidensnivå 2 – Teoretisk begrunnet tiltak'))
    assert.ok(quoteFound('It is rated as a “supported” practice by the clearinghouse', 'rated as a "supported" … clearinghouse'))
    assert.equal(quoteFound('evidensnivå 3', 'evidensnivå 2'), false)
  })
  it('proposes the one level the page states instead of the recorded one; several are unclear', () => {
    const m = readGrades('Scientific Rating: 2', rules('cebc').patterns, rules('cebc').levels)
    assert.deepEqual(compareGrades(m, [{ assessmentId: 'a', intervention: 'x', level: '3', quote: null }]).map((r) => r.state), ['changed'])
    const two = readGrades('Scientific Rating: 3 … Scientific Rating: NR', rules('cebc').patterns, rules('cebc').levels)
    assert.deepEqual(compareGrades(two, [{ assessmentId: 'a', intervention: 'x', level: '3', quote: null }, { assessmentId: 'b', intervention: 'x', level: 'NR', quote: null }]).map((r) => r.state), ['same', 'same'])
    const three = readGrades('Scientific Rating: 1 and Scientific Rating: 2', rules('cebc').patterns, rules('cebc').levels)
    assert.deepEqual(compareGrades(three, [{ assessmentId: 'a', intervention: 'x', level: '3', quote: null }]).map((r) => r.state), ['unclear'])
    assert.deepEqual(compareGrades([], [{ assessmentId: 'a', intervention: 'x', level: '3', quote: null }]).map((r) => r.state), ['not-stated'])
  })
  it('reads a grade only from one programme\'s own page', () => {
    assert.equal(isProgrammePage('https://homvee.acf.hhs.gov', new Set(['a'])), false)
    assert.equal(isProgrammePage('https://cebc4cw.org/program/mom-power/', new Set(['a', 'b'])), false)
    assert.equal(isProgrammePage('https://cebc4cw.org/program/mom-power/', new Set(['a'])), true)
  })
})

describe('one check judged', () => {
  const base: PageCheck = {
    url: 'http://127.0.0.1/p', outcome: 'ok', status: 200, redirects: [], error: null, text: 'Scientific Rating: 3', changedSincePrevious: false, failures: 0, failuresBeforeFinding: 3,
    listing: false, programmePage: true, citing: [{ assessmentId: 'a', intervention: 'x', level: '3', quote: 'Scientific Rating: 3', scale: 'cebc-scientific-rating' }],
    reading: { scale: 'cebc-scientific-rating', ...rules('cebc') },
  }
  it('a page as we record it gives nothing', () => assert.deepEqual(judgeCheck(base).findings, []))
  it('a regrade, a lost quote, a move, a gone page, a page failing again and again', () => {
    assert.deepEqual(judgeCheck({ ...base, text: 'Scientific Rating: 2' }).findings.map((f) => [f.kind, f.proposed?.level ?? null]), [['quote-missing', null], ['grade-changed', '2']])
    assert.deepEqual(judgeCheck({ ...base, redirects: [{ status: 301, from: base.url, to: 'http://127.0.0.1/q' }] }).findings.map((f) => f.kind), ['moved'])
    assert.deepEqual(judgeCheck({ ...base, redirects: [{ status: 302, from: base.url, to: 'http://127.0.0.1/q' }] }).findings.map((f) => f.kind), [])
    assert.deepEqual(judgeCheck({ ...base, outcome: 'gone', status: 410, text: null }).findings.map((f) => f.kind), ['vanished'])
    assert.deepEqual(judgeCheck({ ...base, outcome: 'error', text: null, failures: 2 }).findings.map((f) => f.kind), [])
    assert.deepEqual(judgeCheck({ ...base, outcome: 'error', text: null, failures: 3 }).findings.map((f) => f.kind), ['failing'])
    assert.deepEqual(judgeCheck({ ...base, outcome: 'disallowed', text: null }).findings, [])
  })
  it('a grade from an older scale is not compared level by level with the current one', () => {
    const kasvu = { scale: 'kasvun-tuki-2022', ...rules('kasvun-tuki') }
    const v = judgeCheck({ ...base, text: 'Vähäinen dokumentoitu näyttö', reading: kasvu, citing: [{ assessmentId: 'a', intervention: 'x', level: '3', quote: null, scale: 'kasvun-tuki-pre-2022' }] })
    assert.deepEqual(v.findings.map((f) => [f.kind, f.proposed?.level]), [['grade-changed', '3']])
  })
})

describe('page text and Retry-After', () => {
  it('extracts the main text, one paragraph a line, without the navigation', () => {
    const { text, title } = extractMainText('<html><head><title>T</title></head><body><nav><a href="/">Home</a></nav><main><article><h1>P</h1><p>Scientific Rating: 3</p><p>A long enough paragraph about the programme so that the reader view takes this article as the main content of the page.</p></article></main><footer>Footer text</footer></body></html>')
    assert.equal(title, 'T')
    assert.match(text, /^Scientific Rating: 3\nA long enough/m)
    assert.doesNotMatch(text, /Footer text|Home/)
  })
  it('reads a bare fragment as well as a whole page', () => {
    assert.equal(extractMainText('<p>Scientific Rating: 2</p><p>Another paragraph.</p>').text, 'Scientific Rating: 2\nAnother paragraph.')
  })
  it('reads Retry-After as seconds or a date', () => {
    assert.equal(retryAfterMs('2'), 2000)
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000)
    assert.equal(retryAfterMs('soon'), null)
  })
})

describe('the watch settings', () => {
  it('are off unless asked for, and need a contact to run on a schedule', async () => {
    const { readConfig } = await import('../../src/config.ts')
    assert.equal(readConfig({}).watch.everyMs, null)
    assert.equal(readConfig({}).watch.contact, null)
    const c = readConfig({ ATLAS_WATCH_EVERY: '12h', ATLAS_WATCH_CONTACT: 'curators@example.org', ATLAS_WATCH_DELAY_MS: '0' })
    assert.deepEqual([c.watch.everyMs, c.watch.contact, c.watch.delayMs], [12 * 3_600_000, 'curators@example.org', 0])
    assert.throws(() => readConfig({ ATLAS_WATCH_EVERY: '1d' }), /ATLAS_WATCH_EVERY needs ATLAS_WATCH_CONTACT/)
    assert.throws(() => readConfig({ ATLAS_WATCH_EVERY: 'weekly' }), /ATLAS_WATCH_EVERY/)
    assert.throws(() => readConfig({ ATLAS_WATCH_CONTACT: 'two words' }), /ATLAS_WATCH_CONTACT/)
  })
})

describe('the polite fetcher (with a stand-in fetch: no network)', async () => {
  const { PoliteFetcher } = await import('../../src/workflows/watch/fetch-politely.ts')
  type Reply = { status: number; headers?: Record<string, string>; body?: string }
  const make = (replies: Record<string, Reply | (() => Reply)>, extra: Partial<ConstructorParameters<typeof PoliteFetcher>[0]> = {}) => {
    const asked: string[] = []
    const slept: number[] = []
    const fake: typeof fetch = async (input) => {
      const url = String(input)
      asked.push(new URL(url).pathname)
      const r = replies[new URL(url).pathname]
      const reply = typeof r === 'function' ? r() : r ?? { status: 404 }
      return new Response(reply.body ?? null, { status: reply.status, headers: reply.headers })
    }
    const f = new PoliteFetcher({ userAgent: 'PerinatalAtlas-watch/test (+t@example.org)', delayMs: 0, timeoutMs: 1000, maxBytes: 1000, retryAfterMaxMs: 10, fetch: fake, sleep: async (ms) => void slept.push(ms), ...extra })
    return { f, asked, slept }
  }
  const page = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>x</p>' }

  it('leaves a host alone for the rest of the run when it asks for a longer rest than the run waits', async () => {
    const { f, asked } = make({ '/robots.txt': { status: 404 }, '/a': { status: 429, headers: { 'retry-after': '3600' } }, '/b': page })
    const a = await f.fetchPage('http://127.0.0.1/a')
    assert.equal(a.kind, 'error')
    const b = await f.fetchPage('http://127.0.0.1/b')
    assert.equal(b.kind, 'error')
    assert.match((b as { error: string }).error, /asked to wait 3600 s/)
    assert.deepEqual(asked, ['/robots.txt', '/a'])
  })
  it('waits out a short Retry-After once, then asks again', async () => {
    let n = 0
    const { f } = make({ '/robots.txt': { status: 404 }, '/a': () => (n++ === 0 ? { status: 503, headers: { 'retry-after': '0' } } : page) })
    assert.equal((await f.fetchPage('http://127.0.0.1/a')).kind, 'ok')
    assert.equal(n, 2)
  })
  it('honours a robots.txt Crawl-delay longer than its own pause, and an unreachable robots.txt forbids all', async () => {
    const { f, slept } = make({ '/robots.txt': { status: 200, headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nCrawl-delay: 7\n' }, '/a': page, '/b': page })
    await f.fetchPage('http://127.0.0.1/a')
    await f.fetchPage('http://127.0.0.1/b')
    assert.ok(slept.some((ms) => ms > 6000), `slept ${slept}`)
    const down = make({ '/robots.txt': { status: 500 }, '/a': page })
    assert.equal((await down.f.fetchPage('http://127.0.0.1/a')).kind, 'disallowed')
    assert.deepEqual(down.asked, ['/robots.txt'])
  })
  it('refuses a redirect to anything but a web address, and reads a page in the charset it names', async () => {
    const { f } = make({ '/robots.txt': { status: 404 }, '/a': { status: 302, headers: { location: 'javascript:alert(1)' } } })
    assert.match((await f.fetchPage('http://127.0.0.1/a') as { error: string }).error, /not a web address/)
    // Response bodies from strings are UTF-8; build Latin-1 bytes by hand.
    const bytes = Buffer.from('<p>evidensniv\xe5 4</p>', 'latin1')
    const fetchLatin: typeof fetch = async (input) => (new URL(String(input)).pathname === '/l' ? new Response(bytes, { status: 200, headers: { 'content-type': 'text/html; charset=iso-8859-1' } }) : new Response(null, { status: 404 }))
    const f2 = new PoliteFetcher({ userAgent: 'x', delayMs: 0, timeoutMs: 1000, maxBytes: 1000, retryAfterMaxMs: 0, fetch: fetchLatin })
    const r = await f2.fetchPage('http://127.0.0.1/l')
    assert.equal(r.kind, 'ok')
    assert.match((r as { body: string }).body, /evidensnivå 4/)
  })
})
