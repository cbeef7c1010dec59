import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { addUser } from '../../src/store/users.ts'
import { axeViolations, browserSkip, serveForBrowser, type ServedForBrowser } from '../helpers/browser.ts'
import type { TestStore } from '../helpers/store.ts'

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname
const PASSWORD = 'a long enough browser password'

describe('the editorial area in Chromium', { skip: browserSkip }, () => {
  let store: TestStore
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let served: ServedForBrowser | undefined
  const consoleErrors: string[] = []
  before(async () => {
    served = await serveForBrowser(async (s) => {
      for (const [email, role] of [['ed.one@example.org', 'editor'], ['ed.two@example.org', 'editor'], ['rev@example.org', 'reviewer'], ['admin@example.org', 'admin']] as const)
        await addUser(s.db, { email, password: PASSWORD, role }, 'test')
    })
    ;({ store, app, browser, base } = served)
    mkdirSync(SHOTS, { recursive: true })
  })
  after(async () => {
    await served?.close()
  })

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    // A 409 or 400 answer is the page working as meant; anything else (a CSP violation, a script error) is not.
    page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|409)/.test(m.text())) consoleErrors.push(m.text()) })
    await page.goto(`${base}/admin`)
    assert.match(page.url(), /\/login\?next=/)
    assert.deepEqual(await axeViolations(page), [])
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${base}/admin`)
    return { context, page }
  }

  it('signs in, edits, meets a conflict, reviews, publishes, restores and signs out', async () => {
    const one = await signIn('ed.one@example.org')
    const two = await signIn('ed.two@example.org')
    assert.deepEqual(await axeViolations(one.page), [])
    const record = `${base}/admin/records/intervention/marte-meo`
    await one.page.goto(record)
    await two.page.goto(record)
    assert.deepEqual(await axeViolations(one.page), [])
    const original = await one.page.getByLabel('Dosage', { exact: false }).inputValue()

    await one.page.getByLabel('Dosage', { exact: false }).fill('Edited in the browser: eight video-feedback sessions.')
    await one.page.getByRole('button', { name: 'Save draft' }).first().click()
    await one.page.getByText('Your draft is saved').waitFor()

    // The second editor saves from the page they opened before: a conflict showing both versions.
    await two.page.getByLabel('Dosage', { exact: false }).fill('The second editor’s dosage.')
    await two.page.getByRole('button', { name: 'Save draft' }).first().click()
    await two.page.getByRole('heading', { name: /Someone else changed this record/ }).waitFor()
    const conflict = await two.page.textContent('main')
    assert.match(conflict!, /Edited in the browser: eight video-feedback sessions\./)
    assert.match(conflict!, /The second editor’s dosage\./)
    assert.deepEqual(await axeViolations(two.page), [])
    await two.page.screenshot({ path: `${SHOTS}admin-conflict.png`, fullPage: true })

    // Not public until a reviewer publishes.
    const visitor = await browser.newPage()
    await visitor.goto(`${base}/interventions/marte-meo`)
    assert.doesNotMatch((await visitor.textContent('main'))!, /Edited in the browser/)

    const rev = await signIn('rev@example.org')
    await rev.page.getByRole('link', { name: /open draft/ }).click()
    await rev.page.getByRole('link', { name: /^#\d+$/ }).first().click()
    assert.deepEqual(await axeViolations(rev.page), [])
    await rev.page.screenshot({ path: `${SHOTS}admin-draft.png`, fullPage: true })
    await rev.page.getByRole('button', { name: 'Publish' }).click()
    await rev.page.getByText(/Status\s*published/).waitFor()

    await visitor.goto(`${base}/interventions/marte-meo`)
    assert.match((await visitor.textContent('main'))!, /Edited in the browser: eight video-feedback sessions\./)

    // Restore the loaded version, through review again.
    await one.page.goto(`${record}/history`)
    assert.deepEqual(await axeViolations(one.page), [])
    await one.page.getByRole('link', { name: 'Version 1' }).click()
    await one.page.getByRole('button', { name: /Restore this version/ }).click()
    await one.page.getByText('Your draft is saved').waitFor()
    await rev.page.goto(`${base}/admin/drafts`)
    await rev.page.getByRole('link', { name: /^#\d+$/ }).first().click()
    await rev.page.getByRole('button', { name: 'Publish' }).click()
    await rev.page.getByText(/Status\s*published/).waitFor()
    await visitor.goto(`${base}/interventions/marte-meo`)
    const restored = (await visitor.textContent('main'))!
    assert.doesNotMatch(restored, /Edited in the browser/)
    if (original) assert.ok(restored.includes(original), 'the original dosage is back')

    for (const path of ['/admin/audit', '/admin/imports', '/admin/review', '/admin/archived', '/admin/drafts?status=published', '/admin/records/clearinghouse/kasvun-tuki', '/admin/records/intervention/new']) {
      await one.page.goto(`${base}${path}`)
      assert.deepEqual(await axeViolations(one.page), [], path)
    }
    await one.page.getByRole('button', { name: 'Sign out' }).click()
    await one.page.getByText('You are signed out.').waitFor()
    await one.page.goto(`${base}/admin`)
    assert.match(one.page.url(), /\/login\?next=/)
    // An admin adds an account; the accounts page passes axe too.
    const admin = await signIn('admin@example.org')
    await admin.page.getByRole('navigation', { name: 'Editorial' }).getByRole('link', { name: 'Accounts' }).click()
    assert.deepEqual(await axeViolations(admin.page), [])
    await admin.page.getByLabel('Email address').fill('new.curator@example.org')
    await admin.page.getByLabel(/^Password/).fill('another long enough password')
    await admin.page.locator('#new-role').selectOption('reviewer')
    await admin.page.getByRole('button', { name: 'Add account' }).click()
    await admin.page.getByText('Added new.curator@example.org as reviewer.').waitFor()
    await admin.page.screenshot({ path: `${SHOTS}admin-accounts.png`, fullPage: true })
    assert.deepEqual(consoleErrors, [])
    for (const c of [one, two, rev, admin]) await c.context.close()
    await visitor.close()
  })
})
