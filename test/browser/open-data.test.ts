import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { buildApp } from '../../src/app.ts'
import { browserSkip, launchBrowser } from '../helpers/browser.ts'
import { freshStore, type TestStore } from '../helpers/store.ts'

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname

/**
 * What researchers' browser tools and planners' phones see: a page on another origin reads the API,
 * and the phone gap map and the charts keep every label on screen and whole.
 */
describe('open data and the gap map in Chromium', { skip: browserSkip }, () => {
  let store: TestStore
  let app: FastifyInstance
  let other: Server
  let browser: Browser
  let base: string
  let otherBase: string
  before(async () => {
    store = await freshStore('pglite')
    app = await buildApp({ db: store.db })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    // A researcher's tool: another origin (another port) whose page fetches the atlas's search API.
    other = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><html lang="en"><title>A tool</title><body><p id="out">…</p><script>
        fetch(${JSON.stringify(`${base}/api/v1/interventions?q=bonding&grading=nordic`)})
          .then((r) => r.json())
          .then((d) => { document.getElementById('out').textContent = 'ok ' + d.total + ' ' + d.items.map((i) => i.id).join(',') })
          .catch((e) => { document.getElementById('out').textContent = 'failed ' + e })
      </script></body></html>`)
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    otherBase = `http://127.0.0.1:${(other.address() as { port: number }).port}`
    browser = await launchBrowser()
    mkdirSync(SHOTS, { recursive: true })
  })
  after(async () => {
    await browser?.close()
    await new Promise((resolve) => other?.close(resolve))
    await app?.close()
    await store?.close()
  })

  it('a page on another origin fetches the search API', async () => {
    const page = await browser.newPage()
    await page.goto(otherBase)
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== '…')
    const text = (await page.textContent('#out')) ?? ''
    assert.match(text, /^ok \d+ /, text)
    assert.ok(Number(text.split(' ')[1]) > 0, text)
    // The editorial area stays same-origin: the browser refuses to hand its response to the tool.
    const refused = await page.evaluate(async (url) => fetch(url).then(() => 'read', () => 'refused'), `${base}/login`)
    assert.equal(refused, 'refused')
    await page.close()
  })

  /** Every element matching `selector` lies within the viewport horizontally, or names what does not. */
  async function offScreen(page: Page, selector: string): Promise<string[]> {
    return page.$$eval(selector, (els) =>
      els.flatMap((e) => {
        const r = e.getBoundingClientRect()
        return r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5 ? [`${(e.textContent ?? '').trim().slice(0, 50)} (${Math.round(r.left)}–${Math.round(r.right)})`] : []
      }),
    )
  }

  for (const lang of ['en', 'fi', 'sv']) {
    it(`on a phone (${lang}) the gap map shows its caption whole and the marked needs first, beside the names`, async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 800 } })
      await page.goto(`${base}/gap-map?scope=all&columns=all&lang=${lang}`)
      assert.deepEqual(await offScreen(page, '#gap-caption'), [])
      const caption = await page.$eval('#gap-caption', (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }))
      assert.ok(caption.scroll <= caption.client, 'the caption is cut')
      const heads = await page.$$eval('table.gap-map thead th', (ths) => ths.slice(1).map((th) => ({ empty: th.classList.contains('gap-col--empty'), left: th.getBoundingClientRect().left })))
      const firstEmpty = heads.findIndex((h) => h.empty)
      assert.ok(firstEmpty > 0, 'some need carries marks and comes first')
      assert.ok(heads.slice(firstEmpty).every((h) => h.empty), 'marked columns all come before empty ones')
      assert.ok(heads[0]!.left < 375 - 40, `the first marked need starts off-screen at ${heads[0]!.left}px`)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`)
      await page.screenshot({ path: `${SHOTS}gap-map-all-needs-${lang}-375.png` })
      await page.close()
    })
  }

  const CHARTS = ['/gap-map/charts/coverage.svg?scope=all&columns=all&secondary=1', '/gap-map/charts/tiers.svg', '/gap-map.svg?columns=all', '/gap-map.svg?scope=all&columns=all&rows=clearinghouse']
  for (const lang of ['en', 'fi', 'sv']) {
    it(`charts keep every label inside the picture (${lang}); a shortened label carries its whole text as <title>`, async () => {
      for (const path of CHARTS) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
        const res = await page.goto(`${base}${path}&lang=${lang}`.replace('.svg&', '.svg?'))
        assert.equal(res?.status(), 200, path)
        const problems = await page.evaluate(() => {
          const root = document.documentElement as unknown as SVGSVGElement
          const [, , w, h] = (root.getAttribute('viewBox') ?? '').split(' ').map(Number) as [number, number, number, number]
          const rootBox = root.getBoundingClientRect()
          const scale = rootBox.width / w
          const out: string[] = []
          for (const t of document.querySelectorAll('text')) {
            if (!t.textContent?.trim()) continue
            const r = t.getBoundingClientRect()
            const x0 = (r.left - rootBox.left) / scale
            const x1 = (r.right - rootBox.left) / scale
            const y0 = (r.top - rootBox.top) / scale
            const y1 = (r.bottom - rootBox.top) / scale
            if (x0 < -0.5 || y0 < -0.5 || x1 > w + 0.5 || y1 > h + 0.5) out.push(`"${t.textContent.slice(0, 40)}" at ${Math.round(x0)},${Math.round(y0)}–${Math.round(x1)},${Math.round(y1)} outside ${w}×${h}`)
            if (t.textContent.includes('…') && !t.querySelector('title')?.textContent && !t.closest('g')?.querySelector('title')) out.push(`"${t.textContent.slice(0, 40)}" is shortened without its whole text`)
          }
          // Nested SVGs (Plot's charts stacked in one document) must not clip their own text either.
          for (const svg of document.querySelectorAll('svg svg')) {
            const b = svg.getBoundingClientRect()
            for (const t of svg.querySelectorAll('text')) {
              const r = t.getBoundingClientRect()
              if (t.textContent?.trim() && (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)) out.push(`"${t.textContent.slice(0, 40)}" clipped by its chart`)
            }
          }
          return out
        })
        assert.deepEqual(problems, [], `${path} ${lang}`)
        if (lang === 'fi') await page.screenshot({ path: `${SHOTS}chart-${path.replace(/[^a-z0-9]+/gi, '-')}-${lang}.png` })
        await page.close()
      }
    })
  }
})
