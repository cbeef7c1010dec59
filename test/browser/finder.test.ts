import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, serveForBrowser, type ServedForBrowser } from '../helpers/browser.ts'
import type { TestStore } from '../helpers/store.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname
const THREE_NEEDS = ['lack-of-social-support', 'relationship-challenges', 'bonding-attachment-early-interaction']
const SUMMARY = `/finder/summary?${THREE_NEEDS.map((n) => `needs=${n}`).join('&')}&stage=0-3m&country=finland`

/** Pages in a PDF: each page object has "/Type /Page" (the page tree has "/Type /Pages"). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length

if (!existsSync(CHROMIUM)) {
  // Loudly: a missing browser must not look like a pass.
  console.warn(`\n*** SKIPPED the needs-finder browser tests: no Chromium at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH) ***\n`)
}

describe('the needs finder in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let store: TestStore
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let served: ServedForBrowser | undefined
  before(async () => {
    served = await serveForBrowser()
    ;({ store, app, browser, base } = served)
    mkdirSync(SHOTS, { recursive: true })
  })
  after(async () => {
    await served?.close()
  })

  /** Fills the form as the nurse in the issue would: three needs, 0–3 months, Finland; submits with Enter. */
  async function submitScenario(page: Page): Promise<void> {
    for (const need of THREE_NEEDS) await page.check(`#need-${need}`)
    await page.check('#stage-0-3m')
    await page.selectOption('#country', 'finland')
    await page.focus('.finder-form button[type=submit]')
    await Promise.all([page.waitForURL(/\/finder\?.*#results$/), page.keyboard.press('Enter')])
  }

  for (const width of [1280, 375]) {
    it(`with JavaScript at ${width}px: submitting lands on the results and their heading has focus; axe finds nothing`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } })
      const errors: string[] = []
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await page.goto(`${base}/finder`)
      await submitScenario(page)
      await page.waitForFunction(() => document.activeElement?.id === 'results')
      const top = await page.evaluate(() => document.getElementById('results')!.getBoundingClientRect().top)
      assert.ok(top >= 0 && top < 200, `the results heading is at ${top}px from the top of the window`)
      assert.match((await page.textContent('#results')) ?? '', /programmes? fits? this family/)
      // Tab from the heading goes into the results, not back to the top of the page.
      await page.keyboard.press('Tab')
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.finder-answer')))
      assert.deepEqual(await axeViolations(page), [])
      // The collapsed parts open and pass too.
      for (const summary of await page.locator('.finder-answer details > summary').all()) await summary.click()
      assert.deepEqual(await axeViolations(page), [])
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`)
      await page.screenshot({ path: `${SHOTS}finder-scenario-${width}.png`, fullPage: true })
      assert.deepEqual(errors, [])
      await page.close()
    })
  }

  it('without JavaScript: the form lands on the results, "not a fit" opens by keyboard, "show all" is a link', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } })
    const page = await noJs.newPage()
    await page.goto(`${base}/finder`)
    await submitScenario(page)
    const top = await page.evaluate(() => document.getElementById('results')!.getBoundingClientRect().top)
    assert.ok(top >= 0 && top < 200, `the results heading is at ${top}px`)
    const shown = await page.locator('.finder-result').count()
    assert.ok(shown >= 1 && shown <= 10)
    await page.focus('details.finder-notfit > summary')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => (document.querySelector('details.finder-notfit') as HTMLDetailsElement).open), true)
    assert.ok((await page.locator('details.finder-notfit li').count()) >= 1)
    const all = page.locator('a:has-text("Show all")')
    if (await all.count()) {
      await Promise.all([page.waitForURL(/all=1/), all.click()])
      assert.ok((await page.locator('.finder-result').count()) > shown)
    }
    await noJs.close()
  })

  it('the printable summary for three needs is one A4 page, with a print button that prints', async () => {
    const page = await browser.newPage()
    await page.goto(base + SUMMARY)
    await page.evaluate(() => {
      ;(window as any).__printed = 0
      window.print = () => void (window as any).__printed++
    })
    await page.click('button.print-button')
    assert.equal(await page.evaluate(() => (window as any).__printed), 1)
    assert.deepEqual(await axeViolations(page), [])
    const pdf = await page.pdf({ format: 'A4', path: `${SHOTS}finder-summary.pdf` })
    assert.equal(pdfPages(pdf), 1, 'the summary prints on one A4 page')
    for (const lang of ['fi', 'sv']) {
      await page.goto(`${base}${SUMMARY}&lang=${lang}`)
      assert.equal(pdfPages(await page.pdf({ format: 'A4' })), 1, `${lang}: one A4 page`)
    }
    await page.close()
  })

  it('without JavaScript the summary says how to print instead', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false })
    const page = await noJs.newPage()
    await page.goto(base + SUMMARY)
    assert.match((await page.textContent('[data-print]')) ?? '', /Ctrl\+P/)
    await noJs.close()
  })
})
