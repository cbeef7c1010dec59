import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { finishRun, recordCheck, startRun, watchTargets, type CheckOutcome, type RecordedCheck, type WatchTarget } from '../../store/watch.ts'
import { PoliteFetcher, type FetchOutcome } from './fetch-politely.ts'

export interface WatchSettings {
  /** Who to write to about the watch (an e-mail address or a web page): it goes in the User-Agent. */
  contact: string
  delayMs: number
  timeoutMs: number
  maxBytes: number
  retryAfterMaxMs: number
  /** Failed checks in a row before a page becomes a "keeps failing" finding. */
  failuresBeforeFinding: number
  /** Hosts fetched side by side (each host still one request at a time). */
  hostsAtOnce?: number
}

export interface WatchOptions extends WatchSettings {
  startedBy: string
  log?: (line: string) => void
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Posts each new finding (JSON) to this address, as `monitor` does with change events. */
  webhook?: string
  post?: (url: string, body: unknown) => Promise<void>
  /** Stops the run between two pages (the server shutting down). */
  signal?: AbortSignal
}

export interface WatchSummary {
  run: number
  pages: number
  requests: number
  unchanged: number
  changed: number
  first: number
  gone: number
  failed: number
  disallowed: number
  notRead: number
  findings: { id: number; kind: string; url: string; intervention: string | null }[]
  webhookFailures: string[]
}

export const USER_AGENT_PRODUCT = 'PerinatalAtlas-watch/0.1'

export function userAgent(contact: string): string {
  return `${USER_AGENT_PRODUCT} (+${contact}; checks the pages its grades cite)`
}

/** The page-text module (linkedom, Readability: 0.6 MB of code) is loaded on the watch's first page, not when the server starts. */
const pageText = () => import('../../importers/page-text.ts')

function toCheck(o: FetchOutcome, { extractMainText, plainText }: Awaited<ReturnType<typeof pageText>>): CheckOutcome {
  switch (o.kind) {
    case 'ok': {
      const page = /^text\/plain/i.test(o.contentType) ? plainText(o.body) : extractMainText(o.body)
      return { kind: 'ok', status: o.status, finalUrl: o.finalUrl, headers: o.headers, redirects: o.redirects, contentType: o.contentType, title: page.title, text: page.text }
    }
    case 'not-modified':
      return { kind: 'not-modified', status: 304, redirects: o.redirects, headers: o.headers }
    case 'gone':
      return { kind: 'gone', status: o.status, redirects: o.redirects }
    case 'unsupported':
      return { kind: 'unsupported', status: o.status, redirects: o.redirects, contentType: o.contentType }
    case 'disallowed':
      return { kind: 'disallowed', redirects: o.redirects }
    case 'error':
      return { kind: 'error', status: o.status, error: o.error, redirects: o.redirects }
  }
}

function describe(r: RecordedCheck, o: CheckOutcome): string {
  switch (o.kind) {
    case 'ok':
      return r.newVersion ? (r.changed ? `changed (version #${r.newVersion})` : `first version (#${r.newVersion})`) : 'unchanged'
    case 'not-modified':
      return 'not modified (304)'
    case 'gone':
      return `gone (${o.status})`
    case 'unsupported':
      return `not read: ${o.contentType || 'no content type'}`
    case 'disallowed':
      return 'not fetched: robots.txt asks robots not to'
    case 'error':
      return `failed: ${o.error}`
  }
}

/**
 * One run of the page watch: every page the data cites or lists, fetched politely (one request at
 * a time per host), each check recorded with what it shows. A portal's failures are outcomes, never
 * the run's; only the atlas's own failures (its database) throw.
 */
export async function runWatch(db: Kysely<Database>, o: WatchOptions): Promise<WatchSummary> {
  const log = o.log ?? (() => {})
  const targets = await watchTargets(db)
  const run = await startRun(db, o.startedBy)
  const fetcher = new PoliteFetcher({ userAgent: userAgent(o.contact), delayMs: o.delayMs, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, retryAfterMaxMs: o.retryAfterMaxMs, ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.sleep ? { sleep: o.sleep } : {}) })
  const summary: WatchSummary = { run, pages: targets.length, requests: 0, unchanged: 0, changed: 0, first: 0, gone: 0, failed: 0, disallowed: 0, notRead: 0, findings: [], webhookFailures: [] }
  log(`watch run #${run}: ${targets.length} page(s) on ${new Set(targets.map((t) => new URL(t.fetchUrl).host)).size} host(s)`)

  const byHost = new Map<string, WatchTarget[]>()
  for (const t of targets) {
    const host = new URL(t.fetchUrl).host
    byHost.set(host, [...(byHost.get(host) ?? []), t])
  }
  const pages = await db.selectFrom('watched_page').select(['url', 'etag', 'last_modified', 'latest_version_id']).execute()
  const validators = new Map(pages.map((p) => [p.url, p]))
  let done = 0
  const checkHost = async (list: WatchTarget[]) => {
    for (const t of list) {
      if (o.signal?.aborted) return
      const v = validators.get(t.url)
      // Conditional only when a version is kept to compare with.
      const started = performance.now()
      const fetched = await fetcher.fetchPage(t.fetchUrl, v?.latest_version_id ? { etag: v.etag, lastModified: v.last_modified } : {})
      const outcome = toCheck(fetched, await pageText())
      const recorded = await recordCheck(db, run, t, outcome, { failuresBeforeFinding: o.failuresBeforeFinding, durationMs: performance.now() - started })
      done++
      if (outcome.kind === 'ok') {
        if (recorded.newVersion) recorded.changed ? summary.changed++ : summary.first++
        else summary.unchanged++
      } else if (outcome.kind === 'not-modified') summary.unchanged++
      else if (outcome.kind === 'gone') summary.gone++
      else if (outcome.kind === 'error') summary.failed++
      else if (outcome.kind === 'disallowed') summary.disallowed++
      else summary.notRead++
      const hops = outcome.redirects.length ? ` via ${outcome.redirects.map((h) => `${h.status} → ${h.to}`).join(', ')}` : ''
      log(`[${done}/${targets.length}] ${t.fetchUrl}: ${describe(recorded, outcome)}${hops}${recorded.findings.length ? `; finding(s): ${recorded.findings.map((f) => `${f.kind} #${f.id}`).join(', ')}` : ''}`)
      for (const f of recorded.findings) {
        summary.findings.push(f)
        if (o.webhook)
          await (o.post ?? defaultPost)(o.webhook, { type: 'perinatal-atlas.watch-finding', id: f.id, kind: f.kind, url: f.url, intervention: f.intervention, run }).catch((e: Error) => summary.webhookFailures.push(`finding ${f.id}: ${e.message}`))
      }
    }
  }
  // Hosts side by side, a few at a time; within a host the fetcher keeps one request at a time and the pause.
  const queue = [...byHost.values()]
  const workers = Array.from({ length: Math.min(o.hostsAtOnce ?? 4, queue.length) }, async () => {
    for (let list = queue.shift(); list; list = queue.shift()) await checkHost(list)
  })
  await Promise.all(workers)
  summary.requests = fetcher.requests
  if (o.signal?.aborted) log(`watch run #${run} stopped early: ${done} of ${targets.length} page(s) checked`)
  await finishRun(db, run, { ...summary })
  log(
    `watch run #${run} done: ${summary.pages} page(s), ${summary.requests} request(s); ${summary.unchanged} unchanged, ${summary.changed} changed, ${summary.first} first seen, ` +
      `${summary.gone} gone, ${summary.failed} failed, ${summary.disallowed} refused by robots.txt, ${summary.notRead} not HTML; ${summary.findings.length} new finding(s) for review`,
  )
  return summary
}

async function defaultPost(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`webhook answered ${res.status}`)
}
