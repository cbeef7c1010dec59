import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/store/database.ts'
import { openStore } from '../../src/store/open.ts'
import { runWatch, type WatchOptions, type WatchSummary } from '../../src/workflows/watch/run.ts'
import { useApp } from '../helpers/app.ts'
import { curator, get, post } from '../helpers/editorial.ts'
import { html, localFetch, pointSourcesAt, portalPage, startFakePortal, type FakePortal } from '../helpers/portal-server.ts'
import { runCli } from '../helpers/process.ts'
import { backends, pgliteTemplate } from '../helpers/store.ts'

const SETTINGS = { contact: 'watch-test@example.org', delayMs: 0, timeoutMs: 1500, maxBytes: 100_000, retryAfterMaxMs: 3000, failuresBeforeFinding: 2 }

/** The current grade of an intervention from a portal (the latest one). */
async function gradeOf(db: Kysely<Database>, iv: string, ch: string): Promise<string> {
  const r = await db.selectFrom('assessment').select('id').where('intervention_id', '=', iv).where('clearinghouse_id', '=', ch).orderBy('seq', 'desc').executeTakeFirstOrThrow()
  return r.id
}

/** The portal pages as they first are, and as they are at the second run. */
function portalPages(p: FakePortal, stage: () => 1 | 2) {
  const at = (path: string, a: Parameters<FakePortal['routes']['set']>[1]) => p.routes.set(path, a)
  at('/robots.txt', (_q, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('User-agent: *\nDisallow: /private/\n') })
  // Unchanged, served with an ETag: the second run asks If-None-Match and gets 304.
  at('/cebc/mom-power', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') { res.writeHead(304, { etag: '"v1"' }); res.end(); return }
    html(portalPage('Mom Power', ['Scientific Rating: 3 Promising Research Evidence (Topic: Trauma Treatment (Adult))', 'Scientific Rating: NR – Not able to be Rated (second topic)', 'Mom Power is a multi-family group for mothers of young children, run over thirteen weeks with the children present for part of each session.']), { etag: '"v1"', 'last-modified': 'Tue, 03 Mar 2026 10:00:00 GMT' })(req, res)
  })
  // Unchanged, 200 with the same text and no validators.
  at('/ungsinn/icdp', html(portalPage('ICDP – Ungsinn', ['Tiltaket er klassifisert på evidensnivå 4 av 5 mulige — tilfredsstillende dokumentasjon på effekt.', 'ICDP er et program for foreldre og andre omsorgspersoner, gitt i grupper over åtte til tolv samlinger med en utdannet veileder.'])))
  // Regraded: Kasvun tuki raises VIG from "kohtalainen" to "vahva".
  at('/kasvun-tuki/vig', (req, res) => html(portalPage('VIG – Kasvun tuki', [stage() === 1 ? 'Arvio: Kohtalainen dokumentoitu näyttö.' : 'Arvio: Vahva dokumentoitu näyttö.', 'Video Interaction Guidance -menetelmässä perhe ja ohjaaja katsovat yhdessä lyhyitä videoita onnistuneista vuorovaikutustilanteista ja pohtivat niitä.']))(req, res))
  // A changed date and nothing else.
  at('/eif/family-foundations', (req, res) => html(portalPage('Family Foundations – EIF Guidebook', ['Evidence rating: 4', `Last reviewed: ${stage() === 1 ? 'July 2016' : 'March 2026'}`, 'Family Foundations is a group programme for couples expecting their first child, with sessions before and after the birth.']))(req, res))
  // An unrelated edit.
  at('/homvee/minding-the-baby', (req, res) => html(portalPage('Minding the Baby – HomVEE', ['Minding the Baby meets HHS criteria for an evidence-based early childhood home visiting model.', stage() === 1 ? 'Nurses and social workers visit young first-time mothers from pregnancy.' : 'Nurses and clinical social workers visit young first-time mothers from the third trimester until the child is two.']))(req, res))
  // The quote goes away.
  at('/ungsinn/circle-of-security', (req, res) => html(portalPage('Circle of Security – Ungsinn', [stage() === 1 ? 'Tiltaket er klassifisert på evidensnivå 2 – Teoretisk begrunnet tiltak.' : 'Tiltaket er under ny vurdering.', 'Circle of Security Parenting er et gruppeprogram for foreldre over åtte samlinger med filmklipp.']))(req, res))
  // Moved for good.
  at('/title-iv-e/programs/188/show', (_q, res) => { res.writeHead(301, { location: '/title-iv-e/programs/188/overview' }); res.end() })
  at('/title-iv-e/programs/188/overview', html(portalPage('Incredible Years – Title IV-E', ['This program is rated as a promising practice.', 'The Incredible Years offers group programmes for parents of babies, toddlers and older children.'])))
  // Gone: 404 and 410.
  at('/blueprints/promoting-first-relationships', (_q, res) => { res.writeHead(410, { 'content-type': 'text/html' }); res.end('<p>Gone</p>') })
  // Too many requests: wait one second, then the page.
  let limited = 0
  at('/cebc/parenting-together-project', (req, res) => {
    if (limited++ % 2 === 0) { res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }); res.end('slow down'); return }
    html(portalPage('Parenting Together Project – CEBC', ['Scientific Rating: 2 – Supported by Research Evidence', 'A group programme for couples expecting their first child, with sessions before and after the birth on the couple relationship.']))(req, res)
  })
  // Never answers.
  at('/homvee/abc', () => {})
  // Too large.
  at('/homvee/michigan', html(portalPage('Michigan IMH-HV', ['The model does not meet HHS criteria.', 'x'.repeat(300_000)])))
  // Not HTML.
  at('/vidensportalen/icdp', (_q, res) => { res.writeHead(200, { 'content-type': 'application/pdf' }); res.end('%PDF-1.4 …') })
  // Forbidden by robots.txt: must never be requested.
  at('/private/icdp', html(portalPage('Private', ['menetelmäarvio on 4/5'])))
  // A listing page that gains a programme.
  at('/scotland/programmes', (req, res) => html(portalPage('Programmes – Early Intervention Framework', ['Family Nurse Partnership', 'Incredible Years Parents and Babies', ...(stage() === 2 ? ['Mellow Parenting'] : []), 'Video Interaction Guidance']))(req, res))
}

for (const backend of backends()) {
  describe(`the page watch against a local fake portal on ${backend}`, () => {
    const ctx = useApp(backend)
    let portal: FakePortal
    let stage: 1 | 2 = 1
    let inFlight = 0
    let maxInFlight = 0
    const runs: WatchSummary[] = []
    const lines: string[] = []
    const watch = (extra: Partial<WatchOptions> = {}) => runWatch(ctx.store().db, { ...SETTINGS, startedBy: 'test', fetch: localFetch, log: (l) => lines.push(l), ...extra })
    before(async () => {
      portal = await startFakePortal()
      portalPages(portal, () => stage)
      // Count requests in flight: the watch sends one at a time to a host.
      const routes = new Map(portal.routes)
      for (const [path, answer] of routes)
        portal.routes.set(path, (req, res) => {
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          res.on('close', () => inFlight--)
          answer(req, res)
        })
      const db = ctx.store().db
      const P = portal.base
      await pointSourcesAt(
        db,
        [
          ...(await Promise.all([
            ['mom-power', 'cebc', '/cebc/mom-power'],
            ['icdp', 'ungsinn', '/ungsinn/icdp'],
            ['vig', 'kasvun-tuki', '/kasvun-tuki/vig'],
            ['family-foundations', 'eif-guidebook', '/eif/family-foundations'],
            ['minding-the-baby', 'homvee', '/homvee/minding-the-baby'],
            ['incredible-years', 'title-iv-e', '/title-iv-e/programs/188/show'],
            ['infant-parent-psychotherapy', 'title-iv-e', '/title-iv-e/programs/627/show'],
            ['promoting-first-relationships', 'blueprints', '/blueprints/promoting-first-relationships'],
            ['parenting-together-project', 'cebc', '/cebc/parenting-together-project'],
            ['attachment-and-biobehavioral-catch-up', 'homvee', '/homvee/abc'],
            ['michigan-imh-hv', 'homvee', '/homvee/michigan'],
            ['icdp', 'vidensportalen', '/vidensportalen/icdp'],
            ['icdp', 'kasvun-tuki', '/private/icdp'],
          ].map(async ([iv, ch, path]) => ({ assessment: await gradeOf(db, iv!, ch!), url: `${P}${path}` })))),
          { assessment: await gradeOf(db, 'circle-of-security', 'ungsinn'), url: `${P}/ungsinn/circle-of-security`, quote: 'evidensnivå 2 – Teoretisk begrunnet tiltak' },
          // Mom Power's second CEBC grade (another topic) cites the same page.
          ...(await db.selectFrom('assessment').select('id').where('intervention_id', '=', 'mom-power').execute()).map((a) => ({ assessment: a.id, url: `${P}/cebc/mom-power` })),
        ],
        { 'scotland-eif': [`${P}/scotland/programmes`] },
      )
    })
    after(async () => {
      await portal?.close()
    })

    it('an empty change feed dates itself by the catalogue, not 1970', async () => {
      const atom = (await ctx.app().inject({ url: '/changes/feed.atom' })).body
      const loaded = await ctx.store().db.selectFrom('catalogue_meta').select('value').where('key', '=', 'loaded_at').executeTakeFirstOrThrow()
      assert.doesNotMatch(atom, /1970-01-01/)
      assert.match(atom, new RegExp(`<updated>${new Date(String(loaded.value)).toISOString().slice(0, 16)}`))
      const json = (await ctx.app().inject({ url: '/changes/feed.json' })).json()
      assert.deepEqual(json.items, [])
    })

    it('first run: keeps a version of each page, finds the moved and the gone pages, fetches politely', async () => {
      const s = await watch()
      runs.push(s)
      assert.equal(s.pages, 15, lines.join('\n'))
      assert.deepEqual(
        { first: s.first, unchanged: s.unchanged, changed: s.changed, gone: s.gone, failed: s.failed, disallowed: s.disallowed, notRead: s.notRead },
        { first: 9, unchanged: 0, changed: 0, gone: 2, failed: 2, disallowed: 1, notRead: 1 },
        lines.join('\n'),
      )
      assert.deepEqual(s.findings.map((f) => `${f.kind} ${new URL(f.url).pathname}`).sort(), ['moved /title-iv-e/programs/188/show', 'vanished /blueprints/promoting-first-relationships', 'vanished /title-iv-e/programs/627/show'])
      const moved = await ctx.store().db.selectFrom('watch_finding').select('detail').where('kind', '=', 'moved').executeTakeFirstOrThrow()
      assert.equal((moved.detail as { to: string }).to, `${portal.base}/title-iv-e/programs/188/overview`)

      // Politely: robots.txt asked once, the forbidden path never, a name and a contact in every request, one request at a time.
      assert.equal(portal.log.filter((l) => l.path === '/robots.txt').length, 1)
      assert.equal(portal.log.some((l) => l.path.startsWith('/private/')), false)
      for (const l of portal.log) assert.match(String(l.headers['user-agent']), /^PerinatalAtlas-watch\/\S+ \(\+watch-test@example\.org;/)
      assert.equal(maxInFlight, 1)
      // Retry-After honoured: the second request came a second after the 429.
      const ptp = portal.log.filter((l) => l.path === '/cebc/parenting-together-project')
      assert.equal(ptp.length, 2)
      assert.ok(ptp[1]!.at - ptp[0]!.at >= 950, `retried after ${ptp[1]!.at - ptp[0]!.at} ms`)
      // The summary is printed.
      assert.match(lines.at(-1)!, /done: 15 page\(s\), \d+ request\(s\); 0 unchanged, 0 changed, 9 first seen, 2 gone, 2 failed, 1 refused by robots\.txt, 1 not HTML; 3 new finding\(s\)/)
      assert.ok(lines.some((l) => /homvee\/abc: failed: no answer within 1500 ms/.test(l)))
      assert.ok(lines.some((l) => /homvee\/michigan: failed: the page is larger than 100000 bytes/.test(l)))
      const versions = await ctx.store().db.selectFrom('page_version').select(['url', 'final_url', 'status', 'redirects', 'headers']).execute()
      assert.equal(versions.length, 9)
      const moved188 = versions.find((v) => v.url.endsWith('/188/show'))!
      assert.equal(moved188.final_url, `${portal.base}/title-iv-e/programs/188/overview`)
      assert.deepEqual(moved188.redirects.map((r) => r.status), [301])
      // Page versions are immutable.
      await assert.rejects(ctx.store().db.updateTable('page_version').set({ text: 'x' }).execute(), /immutable/)
    })

    it('second run: the regrade, the lost quote, the failing pages and the changed listing become findings; nothing else does; nothing is public', async () => {
      stage = 2
      const mark = portal.log.length
      const s = await watch()
      runs.push(s)
      const second = portal.log.slice(mark)
      // Unchanged: a 304 for the conditional request, the same text for the other.
      assert.equal(second.find((l) => l.path === '/cebc/mom-power')!.headers['if-none-match'], '"v1"')
      assert.equal(second.find((l) => l.path === '/cebc/mom-power')!.headers['if-modified-since'], 'Tue, 03 Mar 2026 10:00:00 GMT')
      assert.equal(second.find((l) => l.path === '/ungsinn/icdp')!.headers['if-none-match'], undefined, 'no validators, no conditional request')
      assert.deepEqual({ unchanged: s.unchanged, changed: s.changed, first: s.first }, { unchanged: 4, changed: 5, first: 0 }, lines.join('\n'))
      assert.deepEqual(
        s.findings.map((f) => `${f.kind} ${new URL(f.url).pathname}`).sort(),
        ['failing /homvee/abc', 'failing /homvee/michigan', 'grade-changed /kasvun-tuki/vig', 'listing-changed /scotland/programmes', 'quote-missing /ungsinn/circle-of-security'],
      )
      const regrade = await ctx.store().db.selectFrom('watch_finding').selectAll().where('kind', '=', 'grade-changed').executeTakeFirstOrThrow()
      assert.equal(regrade.proposed_level, '5')
      assert.equal(regrade.proposed_native, 'Vahva dokumentoitu näyttö')
      assert.ok(regrade.previous_version_id && regrade.version_id && regrade.previous_version_id < regrade.version_id)

      // Nothing public before a reviewer confirms.
      const app = ctx.app()
      const iv = (await app.inject({ url: '/api/v1/interventions/vig' })).json()
      assert.deepEqual(iv.assessments.filter((a: { clearinghouse: string; current: boolean }) => a.clearinghouse === 'kasvun-tuki' && a.current).map((a: { nativeLevel: string }) => a.nativeLevel), ['Kohtalainen dokumentoitu näyttö'])
      assert.equal((await app.inject({ url: '/api/v1/changes' })).json().total, 0)
      const cos = (await app.inject({ url: '/api/v1/interventions/circle-of-security' })).json()
      const cosGrade = cos.assessments.find((a: { sourceUrl: string | null }) => a.sourceUrl?.endsWith('/ungsinn/circle-of-security'))
      assert.equal(cosGrade.sourceCheck.quote, null)
      assert.ok(cosGrade.sourceCheck.checkedAt)
    })

    it('a reviewer sees the diff with the quote marked, and a confirmed regrade adds the grade, keeps the old one and dates the change', async () => {
      const db = ctx.store().db
      const app = ctx.app()
      const rev = await curator(db, 'reviewer')
      const ed = await curator(db, 'editor')
      const page = await get(app, rev, '/admin/review')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<del>Kohtalainen<\/del>/)
      assert.match(page.body, /<ins><mark>Vahva<\/mark><\/ins>|<ins>Vahva<\/ins>/)
      assert.match(page.body, /<mark>evidensnivå 2 – Teoretisk begrunnet tiltak<\/mark>/)
      const f = await db.selectFrom('watch_finding').select('id').where('kind', '=', 'grade-changed').executeTakeFirstOrThrow()
      assert.equal((await post(app, ed, `/admin/review/watch/${f.id}`, { decision: 'confirmed' })).statusCode, 403)
      const before = await db.selectFrom('assessment').select('id').where('intervention_id', '=', 'vig').execute()
      const res = await post(app, rev, `/admin/review/watch/${f.id}`, { decision: 'confirmed', note: 'checked on kasvuntuki.fi' })
      assert.equal(res.statusCode, 303, res.body.slice(0, 300))
      assert.equal((await post(app, rev, `/admin/review/watch/${f.id}`, { decision: 'confirmed' })).statusCode, 409)
      assert.equal((await post(app, rev, '/admin/review/watch/999999', { decision: 'confirmed' })).statusCode, 404)

      const iv = (await app.inject({ url: '/api/v1/interventions/vig' })).json()
      const kasvu = iv.assessments.filter((a: { clearinghouse: string }) => a.clearinghouse === 'kasvun-tuki')
      assert.equal(iv.assessments.length, before.length + 1)
      const added = kasvu.find((a: { current: boolean }) => a.current)
      assert.equal(added.nativeLevel, 'Vahva dokumentoitu näyttö')
      assert.equal(added.level, '5')
      assert.equal(added.tier, 'strong')
      assert.equal(added.sourceUrl, `${portal.base}/kasvun-tuki/vig`)
      assert.match(added.source.document, /Page version #\d+ of .*kasvun-tuki\/vig/)
      assert.equal(added.quote, "Vahva dokumentoitu näyttö", "the matched words are the new grade's quote")
      assert.ok(kasvu.some((a: { current: boolean; nativeLevel: string }) => !a.current && a.nativeLevel === 'Kohtalainen dokumentoitu näyttö'), 'the old grade stays as history')

      const today = new Date().toISOString().slice(0, 10)
      const changes = (await app.inject({ url: '/api/v1/changes?intervention=vig' })).json()
      assert.equal(changes.total, 1)
      assert.equal(changes.items[0].kind, 'grade-changed')
      assert.equal(changes.items[0].direction, 'up')
      assert.equal(changes.items[0].retrievedAt, today)
      assert.equal(changes.items[0].snapshot, null)
      assert.ok(changes.items[0].pageVersion)
      const atom = (await app.inject({ url: '/changes/feed.atom' })).body
      assert.match(atom, new RegExp(`<updated>${today}T`))
      assert.doesNotMatch(atom, /1970-01-01/)
      assert.match(atom, /<published>\d{4}-\d{2}-\d{2}T00:00:00/)
      const jf = (await app.inject({ url: '/changes/feed.json?intervention=vig' })).json()
      assert.equal(jf.items.length, 1)
      const audit = await db.selectFrom('audit_event').select(['action', 'actor']).where('action', '=', 'watch.grade-changed-confirmed').execute()
      assert.deepEqual(audit, [{ action: 'watch.grade-changed-confirmed', actor: rev.email }])

      // The lost quote, once confirmed, is said on the programme page; the listing change is dismissed.
      const q = await db.selectFrom('watch_finding').select('id').where('kind', '=', 'quote-missing').executeTakeFirstOrThrow()
      assert.equal((await post(app, rev, `/admin/review/watch/${q.id}`, { decision: 'confirmed' })).statusCode, 303)
      const cos = (await app.inject({ url: '/api/v1/interventions/circle-of-security' })).json()
      assert.equal(cos.assessments.find((a: { sourceUrl: string | null }) => a.sourceUrl?.endsWith('/ungsinn/circle-of-security')).sourceCheck.quote, 'missing')
      const html = (await app.inject({ url: '/interventions/circle-of-security' })).body
      assert.match(html, /no longer says what we quote/)
      const l = await db.selectFrom('watch_finding').select('id').where('kind', '=', 'listing-changed').executeTakeFirstOrThrow()
      assert.equal((await post(app, rev, `/admin/review/watch/${l.id}`, { decision: 'dismissed' })).statusCode, 303)
    })

    it('a third run raises nothing already known, decided or settled', async () => {
      const s = await watch()
      assert.deepEqual(s.findings, [], lines.slice(-16).join('\n'))
      // The new grade is the one the page states now.
      const check = await ctx.store().db.selectFrom('source_check').innerJoin('assessment', 'assessment.id', 'source_check.assessment_id').select(['source_check.grade_found', 'assessment.native_level']).where('assessment.intervention_id', '=', 'vig').where('assessment.native_level', '=', 'Vahva dokumentoitu näyttö').execute()
      assert.deepEqual(check, [{ grade_found: '5', native_level: 'Vahva dokumentoitu näyttö' }])
    })

    it('refuses to add a grade over one that was superseded since', async () => {
      const db = ctx.store().db
      const old = await db.selectFrom('watch_finding').selectAll().where('kind', '=', 'grade-changed').executeTakeFirstOrThrow()
      const again = await db.insertInto('watch_finding').values({ kind: 'grade-changed', identity: `${old.identity}|again`, url: old.url, clearinghouse_id: old.clearinghouse_id, intervention_id: old.intervention_id, assessment_id: old.assessment_id, version_id: old.version_id, previous_version_id: null, proposed_level: '3', proposed_native: 'Vähäinen dokumentoitu näyttö', detail: '{}' }).returning('id').executeTakeFirstOrThrow()
      const rev = await curator(db, 'reviewer')
      const res = await post(ctx.app(), rev, `/admin/review/watch/${again.id}`, { decision: 'confirmed' })
      assert.equal(res.statusCode, 409)
      assert.match(res.body, /superseded since/)
      assert.equal((await post(ctx.app(), rev, `/admin/review/watch/${again.id}`, { decision: 'dismissed' })).statusCode, 303)
    })
  })
}

describe('the watch inside serve (ATLAS_WATCH_EVERY)', () => {
  it('runs every period, never twice at once, and stops cleanly', async () => {
    const { freshStore } = await import('../helpers/store.ts')
    const { scheduleWatch } = await import('../../src/workflows/watch/schedule.ts')
    const store = await freshStore('pglite')
    const portal = await startFakePortal()
    try {
      portal.routes.set('/p', html(portalPage('A page', ['Scientific Rating: 3 Promising Research Evidence', 'A paragraph long enough for the reader view to take it as the article of this page.'])))
      const mom = await store.db.selectFrom('assessment').select('id').where('intervention_id', '=', 'mom-power').execute()
      await pointSourcesAt(store.db, mom.map((a) => ({ assessment: a.id, url: `${portal.base}/p` })))
      const logged: string[] = []
      const s = scheduleWatch(store.db, { ...SETTINGS, fetch: localFetch }, 100, { info: (m) => logged.push(m), error: (e) => logged.push(`ERROR ${e}`) })
      const deadline = Date.now() + 10_000
      while ((await store.db.selectFrom('watch_run').select('id').where('finished_at', 'is not', null).execute()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      await s.stop()
      const runs = await store.db.selectFrom('watch_run').select(['started_by', 'started_at', 'finished_at']).orderBy('id').execute()
      assert.ok(runs.length >= 2, logged.join('\n'))
      assert.equal(runs[0]!.started_by, 'serve (scheduled)')
      for (let i = 1; i < runs.length; i++) if (runs[i - 1]!.finished_at) assert.ok(runs[i]!.started_at >= runs[i - 1]!.finished_at!, 'one run at a time')
      assert.equal(logged.some((l) => l.startsWith('ERROR')), false, logged.join('\n'))
      const count = runs.length
      await new Promise((r) => setTimeout(r, 300))
      assert.equal((await store.db.selectFrom('watch_run').select('id').execute()).length, count, 'no run after stop')
    } finally {
      await portal.close()
      await store.close()
    }
  })
})

describe('the watch command', () => {
  let portal: FakePortal
  let dir: string
  before(async () => {
    portal = await startFakePortal()
    portal.routes.set('/robots.txt', (_q, res) => { res.writeHead(404); res.end() })
    dir = mkdtempSync(join(tmpdir(), 'atlas-watch-cli-'))
    const store = await openStore({ kind: 'pglite', dataDir: dir, loadDataDir: await pgliteTemplate() })
    // One grade cites a page that is gone: a portal's failure, not the watch's.
    await pointSourcesAt(store.db, [{ assessment: await gradeOf(store.db, 'vig', 'kasvun-tuki'), url: `${portal.base}/gone` }])
    await store.close()
  })
  after(async () => {
    await portal?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses to run without a contact address', async () => {
    const run = runCli(['watch'], { ATLAS_DATA_DIR: dir, ATLAS_WATCH_CONTACT: '' })
    assert.equal(await run.exited, 2)
    assert.match(run.output(), /ATLAS_WATCH_CONTACT/)
  })

  it('prints progress and a summary, and exits 0 when only a portal failed', async () => {
    const run = runCli(['watch'], { ATLAS_DATA_DIR: dir, ATLAS_WATCH_CONTACT: 'curators@example.org', ATLAS_WATCH_DELAY_MS: '0' })
    assert.equal(await run.exited, 0, run.output())
    assert.match(run.output(), /\[1\/1\] http:\/\/127\.0\.0\.1:\d+\/gone: gone \(404\); finding\(s\): vanished #1/)
    assert.match(run.output(), /done: 1 page\(s\), 2 request\(s\); .*1 new finding\(s\) for review/)
  })
})
