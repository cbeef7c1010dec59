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
