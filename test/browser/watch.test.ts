import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { buildApp } from '../../src/app.ts'
import { addUser } from '../../src/store/users.ts'
import { runWatch } from '../../src/workflows/watch/run.ts'
import { axeViolations, browserSkip, launchBrowser } from '../helpers/browser.ts'
import { html, localFetch, pointSourcesAt, portalPage, startFakePortal, type FakePortal } from '../helpers/portal-server.ts'
import { freshStore, type TestStore } from '../helpers/store.ts'

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname
const PASSWORD = 'a long enough browser password'

describe('a reviewer confirms a regrade the page watch found, in Chromium', { skip: browserSkip }, () => {
  let store: TestStore
  let app: FastifyInstance
  let portal: FakePortal
  let browser: Browser
  let base: string
  let grade: 'Kohtalainen' | 'Vahva' = 'Kohtalainen'
  const consoleErrors: string[] = []
  before(async () => {
    store = await freshStore('pglite')
    await addUser(store.db, { email: 'rev@example.org', password: PASSWORD, role: 'reviewer' }, 'test')
    portal = await startFakePortal()
    portal.routes.set('/robots.txt', (_q, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('User-agent: *\nAllow: /\n') })
    portal.routes.set('/kasvun-tuki/vig', (req, res) =>
      html(portalPage('VIG – Kasvun tuki', [`Arvio: ${grade} dokumentoitu näyttö.`, 'Video Interaction Guidance -menetelmässä perhe ja ohjaaja katsovat yhdessä lyhyitä videoita onnistuneista vuorovaikutustilanteista.']))(req, res))
    const vig = await store.db.selectFrom('assessment').select('id').where('intervention_id', '=', 'vig').where('clearinghouse_id', '=', 'kasvun-tuki').executeTakeFirstOrThrow()
    await pointSourcesAt(store.db, [{ assessment: vig.id, url: `${portal.base}/kasvun-tuki/vig` }])
    const settings = { contact: 'watch-test@example.org', delayMs: 0, timeoutMs: 2000, maxBytes: 100_000, retryAfterMaxMs: 0, failuresBeforeFinding: 3, startedBy: 'test', fetch: localFetch }
    await runWatch(store.db, settings)
    grade = 'Vahva'
    const s = await runWatch(store.db, settings)
    assert.deepEqual(s.findings.map((f) => f.kind), ['grade-changed'])
    app = await buildApp({ db: store.db })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    browser = await launchBrowser()
    mkdirSync(SHOTS, { recursive: true })
  })
  after(async () => {
    await browser?.close()
    await app?.close()
    await portal?.close()
    await store?.close()
  })

  it('reads the diff, confirms, and the public pages follow', async () => {
    const visitor = await browser.newPage()
    await visitor.goto(`${base}/interventions/vig`)
    assert.doesNotMatch((await visitor.textContent('main'))!, /Vahva dokumentoitu näyttö/, 'nothing public before a reviewer confirms')

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()) })
    await page.goto(`${base}/admin`)
    await page.getByLabel('Email address').fill('rev@example.org')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${base}/admin`)
    await page.getByRole('navigation', { name: 'Editorial' }).getByRole('link', { name: 'Monitor findings' }).click()
    await page.getByRole('heading', { name: 'Watched pages (1)' }).waitFor()
    const finding = page.getByRole('region', { name: /grade changed/ })
    assert.match((await finding.textContent())!, /We record Kohtalainen dokumentoitu näyttö; the page now says Vahva dokumentoitu näyttö \(level 5\)/)
    const diff = finding.getByRole('group', { name: /What changed on the page/ })
    assert.equal(await diff.locator('del').first().textContent(), 'Kohtalainen')
    assert.match((await diff.locator('ins').first().textContent())!, /Vahva/)
    assert.ok((await diff.locator('mark').count()) > 0, 'the grade’s words are marked')
    assert.deepEqual(await axeViolations(page), [])
    await page.screenshot({ path: `${SHOTS}admin-watch-finding.png`, fullPage: true })

    await finding.getByLabel('Note (optional)').fill('Checked on kasvuntuki.fi')
    await finding.getByRole('button', { name: 'Confirm the new grade' }).click()
    await page.getByRole('heading', { name: 'Watched pages (0)' }).waitFor()
    await page.getByRole('navigation', { name: 'Editorial' }).getByRole('link', { name: 'Page watch' }).click()
    assert.match((await page.textContent('main'))!, /kasvun-tuki\/vig[\s\S]*Kasvun tuki[\s\S]*read \(200\)/)
    assert.deepEqual(await axeViolations(page), [])

    await visitor.goto(`${base}/interventions/vig`)
    const text = (await visitor.textContent('main'))!
    assert.match(text, /Vahva dokumentoitu näyttö/)
    assert.match(text, /Kohtalainen dokumentoitu näyttö/, 'the old grade stays as history')
    assert.match(text, /Page checked/)
    assert.deepEqual(await axeViolations(visitor), [])
    await visitor.getByRole('link', { name: 'Changes to these grades over time' }).click()
    const changes = (await visitor.textContent('main'))!
    assert.match(changes, /Vahva dokumentoitu näyttö/)
    assert.match(changes, /Only changes to Video Interaction Guidance\./)
    assert.deepEqual(await axeViolations(visitor), [])
    await visitor.screenshot({ path: `${SHOTS}changes-after-watch.png`, fullPage: true })
    assert.deepEqual(consoleErrors, [])
    await context.close()
    await visitor.close()
  })
})
