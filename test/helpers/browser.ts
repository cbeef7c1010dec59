import { existsSync, readFileSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')

/** Runs axe-core in the page (injected through DevTools, so the page's strict CSP stays on). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3).join(', ')})`)
  })
  return result as string[]
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Browser tests need Debian's Chromium. On a machine without it they are skipped — loudly, with how
 * to run them — so `npm test` passes on a fresh machine; in CI (CI=true) they are required and fail.
 * Use as `describe('…', { skip: browserSkip }, …)`.
 */
export const browserSkip: string | false = existsSync(CHROMIUM) || process.env.CI === 'true'
  ? false
  : `Chromium not found at ${CHROMIUM}: browser tests skipped. Run them with \`apt-get install chromium\` (or CHROMIUM_PATH=/path/to/chromium) and npm test again; CI requires them.`
if (browserSkip) process.stderr.write(`\n*** ${browserSkip} ***\n\n`)

/** Debian's Chromium, headless, with no network of its own: never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  })
}

export interface ServedForBrowser {
  store: import('./store.ts').TestStore
  app: import('fastify').FastifyInstance
  browser: Browser
  /** http://127.0.0.1:<port> of the app. */
  base: string
  close(): Promise<void>
}

/**
 * A fresh embedded database with the shipped catalogue, the app listening on 127.0.0.1 and
 * Chromium, for one browser test file; `prepare` runs on the store before the app is built.
 */
export async function serveForBrowser(prepare?: (store: import('./store.ts').TestStore) => Promise<void>): Promise<ServedForBrowser> {
  const { freshStore } = await import('./store.ts')
  const { buildApp } = await import('../../src/app.ts')
  const store = await freshStore('pglite')
  await prepare?.(store)
  const app = await buildApp({ db: store.db })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const browser = await launchBrowser()
  return {
    store, app, browser, base,
    async close() {
      await browser.close()
      await app.close()
      await store.close()
    },
  }
}
