import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { importFile } from '../../src/importers/run.ts'
import { axeViolations, browserSkip, serveForBrowser, type ServedForBrowser } from '../helpers/browser.ts'
import type { TestStore } from '../helpers/store.ts'

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`could not reach ${selector} by Tab`)
}

describe('the portal in Chromium', { skip: browserSkip }, () => {
  let store: TestStore
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let served: ServedForBrowser | undefined
  const cspErrors: string[] = []
  before(async () => {
    served = await serveForBrowser(async (s) => {
      // Two monitored snapshots, so /changes and the intervention history have something to show.
      const fix = new URL('../fixtures/', import.meta.url).pathname
      for (const f of ['2026-03-01.csv', '2026-09-01.csv']) await importFile(s.db, { clearinghouse: 'cebc', file: `${fix}cebc/${f}`, importedBy: 'test' })
    })
    ;({ store, app, browser, base } = served)
    mkdirSync(SHOTS, { recursive: true })
  })
  after(async () => {
    await served?.close()
  })

  async function open(path: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } })
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(`${path}: ${m.text()}`)
    })
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) cspErrors.push(`${path}: request to ${r.url()}`)
    })
    const res = await page.goto(base + path)
    assert.equal(res?.status(), 200, path)
    return page
  }

  const TEMPLATES: [string, string][] = [
    ['home', '/'],
    ['catalogue', '/interventions?q=bonding&grading=nordic'],
    ['catalogue-empty', '/interventions?q=zzzqqq'],
    ['intervention', '/interventions/icdp'],
    ['intervention-unknown', '/interventions/parent-baby-intervention'],
    ['clearinghouses', '/clearinghouses'],
    ['clearinghouse', '/clearinghouses/kasvun-tuki'],
    ['evidence', '/evidence'],
    ['about', '/about'],
    ['gap-map', '/gap-map'],
    ['gap-map-grouped', '/gap-map?scope=all&rows=tier&secondary=1&columns=loneliness-social-isolation,lack-of-social-support,co-parenting'],
    ['gap-map-publication-table', '/gap-map/table.html'],
    ['changes', '/changes'],
    ['changes-filtered', '/changes?kind=grade-changed&clearinghouse=cebc'],
    ['intervention-regraded', '/interventions/promoting-first-relationships'],
    ['finder', '/finder'],
    ['finder-results', '/finder?needs=lack-of-social-support&needs=bonding-attachment-early-interaction&needs=single-parents&stage=0-3m&country=finland&format=group'],
    ['finder-summary', '/finder/summary?needs=lack-of-social-support&needs=single-parents&stage=0-3m&country=finland'],
  ]
  for (const [name, path] of TEMPLATES) {
    it(`${name}: axe finds no violation at desktop and phone widths, and none in Finnish on a phone`, async () => {
      // Each template once per width where the width matters (layout), and once more in Finnish on a
      // phone, where the longest words are most likely to push a page sideways. Every language's
      // lang attributes and words are checked without a browser (test/db/i18n-pages.test.ts).
      for (const [lang, widths] of [['en', [1280, 375]], ['fi', [375]]] as const) {
        for (const width of widths) {
          const page = await open(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, width)
          assert.deepEqual(await axeViolations(page), [], `${path} ${lang} ${width}px`)
          // Nothing wider than the screen on a phone.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
          assert.ok(overflow <= 0, `${path} ${lang} scrolls sideways by ${overflow}px at ${width}px`)
          if (lang === 'en' || name === 'intervention') await page.screenshot({ path: `${SHOTS}${name}-${lang}-${width}.png`, fullPage: true })
          await page.close()
        }
      }
    })
  }

  it('the error page has no violation either', async () => {
    const page = await browser.newPage()
    const res = await page.goto(`${base}/interventions?need=nope`)
    assert.equal(res?.status(), 400)
    assert.deepEqual(await axeViolations(page), [])
    await page.close()
  })

  it('a nurse can search, narrow to Nordic-graded and open an intervention by keyboard alone', async () => {
    const page = await open('/')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content')
    await tabTo(page, 'input#q')
    await page.keyboard.type('bonding')
    await Promise.all([page.waitForURL(/\/interventions\?q=bonding/), page.keyboard.press('Enter')])
    // Open the "Graded in" filter, tick "A Nordic portal", apply.
    await tabTo(page, 'details.facet:has(#f-grading-nordic) > summary')
    await page.keyboard.press('Enter')
    await tabTo(page, '#f-grading-nordic')
    await page.keyboard.press('Space')
    await tabTo(page, '.filters button[type=submit]')
    await Promise.all([page.waitForURL(/grading=nordic/), page.keyboard.press('Enter')])
    assert.match(page.url(), /q=bonding/)
    const status = await page.textContent('[role=status]')
    assert.match(status ?? '', /\d+ interventions matching “bonding”/)
    await tabTo(page, 'a[href="/interventions/icdp"]')
    await Promise.all([page.waitForURL(/\/interventions\/icdp$/), page.keyboard.press('Enter')])
    assert.equal(await page.textContent('h1'), 'International Child Development Programme (ICDP)')
    const grades = await page.locator('q.native-grade').allTextContents()
    assert.ok(grades.includes('4/5 hyvää vaikuttavuustutkimusta'))
    // Each grade's source and retrieval date are on the page, and its quote one keypress away.
    assert.ok((await page.locator('table a[href^="https://"]').count()) >= 5)
    assert.ok((await page.getByText('28 November 2026').count()) >= 5)
    await tabTo(page, 'details.page-quote > summary')
    await page.keyboard.press('Enter')
    assert.ok(await page.locator('details.page-quote[open] blockquote').first().isVisible())
    await page.close()
  })

  it('a filter can be removed by keyboard, and the language switched', async () => {
    const page = await open('/interventions?grading=nordic&need=lack-of-social-support')
    await tabTo(page, '.active-filters a[href="/interventions?need=lack-of-social-support"]')
    await Promise.all([page.waitForURL((u) => !u.search.includes('grading')), page.keyboard.press('Enter')])
    assert.match(page.url(), /need=lack-of-social-support/)
    await tabTo(page, 'a[hreflang=sv]')
    await Promise.all([page.waitForURL(/lang=sv/), page.keyboard.press('Enter')])
    assert.equal(await page.getAttribute('html', 'lang'), 'sv')
    assert.equal(await page.textContent('h1'), 'Insatser')
    await page.close()
  })

  it('without JavaScript, a planner can regroup the gap map and open a cell by keyboard alone', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false })
    const page = await noJs.newPage()
    await page.goto(`${base}/gap-map`)
    // The map region scrolls and is reachable by keyboard.
    await tabTo(page, '.gap-wrap')
    await tabTo(page, 'a[href="/interventions/parenting-together-project"]')
    await tabTo(page, 'td.gap-cell a[href="/interventions/parenting-together-project"]')
    await Promise.all([page.waitForURL(/parenting-together-project$/), page.keyboard.press('Enter')])
    await page.goBack()
    await tabTo(page, 'select#rows')
    await page.keyboard.press('ArrowDown') // "Grouped by prevention level"
    await tabTo(page, 'form.gap-options button[type=submit]')
    await Promise.all([page.waitForURL(/rows=prevention/), page.keyboard.press('Enter')])
    const groups = await page.locator('table.gap-map tbody th[scope=row]').allTextContents()
    assert.deepEqual(groups.map((g) => g.replace(/\s*\(\d+\)$/, '')), ['Universal', 'Targeted at risk groups', 'Therapeutic', 'Unknown'])
    // A group cell lists its interventions: the same map, one row each.
    await tabTo(page, 'td.gap-cell a')
    await Promise.all([page.waitForURL(/rows=interventions/), page.keyboard.press('Enter')])
    assert.match(page.url(), /prevention=universal/)
    assert.ok((await page.locator('table.gap-map tbody th[scope=row] a').count()) >= 1)
    await noJs.close()
  })

  it('with JavaScript, options redraw the map in place, the URL follows, and a cell opens its list', async () => {
    const page = await open('/gap-map')
    await page.evaluate(() => ((window as any).__sameDocument = true))
    await tabTo(page, 'select#rows')
    await page.keyboard.press('ArrowDown') // "Grouped by prevention level", applied on change
    await page.waitForURL(/rows=prevention/)
    await page.waitForSelector('table.gap-map tbody th[scope=row]:has-text("Universal")')
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'no page reload')
    assert.match((await page.textContent('[data-module=gap-map] > [role=status]')) ?? '', /21 interventions/)
    // Focus stays on the control the user changed.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rows')
    // A grouped cell opens a dialog listing its interventions; Escape closes it and focus returns.
    await tabTo(page, 'td.gap-cell a[data-cell]')
    const cell = await page.evaluate(() => document.activeElement?.getAttribute('href'))
    await page.keyboard.press('Enter')
    await page.waitForSelector('dialog.gap-dialog[open]')
    assert.ok((await page.locator('dialog.gap-dialog[open] li a').count()) >= 1)
    assert.deepEqual(await axeViolations(page), [])
    await page.keyboard.press('Escape')
    assert.equal(await page.locator('dialog.gap-dialog[open]').count(), 0)
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), cell)
    // Back returns to the previous map, as the URL says.
    await page.goBack()
    await page.waitForSelector('table.gap-map tbody th[scope=row] a[href="/interventions/icdp"]')
    assert.doesNotMatch(page.url(), /rows=prevention/)
    assert.equal(await page.evaluate(() => (document.querySelector('#rows') as HTMLSelectElement).value), 'interventions')
    await page.close()
  })

  it('a nurse can use the needs finder by keyboard alone and read a ranked, explained list', async () => {
    const page = await open('/finder')
    await tabTo(page, '#need-lack-of-social-support')
    await page.keyboard.press('Space')
    await tabTo(page, '#need-bonding-attachment-early-interaction')
    await page.keyboard.press('Space')
    await tabTo(page, 'input[name=stage]')
    // Arrow keys move within the radio group: from "Not specified" up to "0–3 months".
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp')
    assert.equal(await page.evaluate(() => (document.querySelector('input[name=stage]:checked') as HTMLInputElement).value), '0-3m')
    await tabTo(page, '#country')
    await page.keyboard.type('Fin')
    await tabTo(page, '.finder-form button[type=submit]')
    await Promise.all([page.waitForURL(/needs=lack-of-social-support/), page.keyboard.press('Enter')])
    assert.match(page.url(), /stage=0-3m/)
    assert.match(page.url(), /country=finland/)
    const names = await page.locator('.finder-result__name a').allTextContents()
    assert.ok(names.length >= 5 && names.length <= 10, `${names.length} results shown`) // the first ten; "show all" is a link
    assert.ok((await page.locator('.finder-result').first().locator('.reason').count()) >= 3)
    await tabTo(page, '.finder-result__name a')
    await Promise.all([page.waitForURL(/\/interventions\//), page.keyboard.press('Enter')])
    await page.close()
  })

  it('works with JavaScript switched off', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false })
    const page = await ctx.newPage()
    await page.goto(`${base}/interventions`)
    await page.fill('#q', 'Mellow Bumbs')
    await Promise.all([page.waitForURL(/q=Mellow/), page.click('button:has-text("Search")')])
    assert.equal(await page.textContent('.result h2 a'), 'Mellow Bumps')
    await ctx.close()
  })

  it('loads no resource from another origin and breaks no CSP rule', () => {
    assert.deepEqual(cspErrors, [])
  })
})
