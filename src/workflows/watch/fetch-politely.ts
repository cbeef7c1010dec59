import { createRequire } from 'node:module'

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined
  getCrawlDelay(ua?: string): number | undefined
}
// robots-parser is CommonJS (one exported function): required, so it loads the same under tsx and from dist/.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots

import type { Hop } from '../../domain/watch.ts'

export interface PoliteOptions {
  /** "PerinatalAtlas-watch/0.1 (+contact)": names the atlas and whom to write to. */
  userAgent: string
  /** Pause between two requests to the same host (robots.txt's Crawl-delay, if longer, wins; bounded by maxDelayMs). */
  delayMs: number
  timeoutMs: number
  maxBytes: number
  /** The longest Retry-After the watch waits for within a run; a longer one ends that page's check for this run. */
  retryAfterMaxMs: number
  maxRedirects?: number
  maxDelayMs?: number
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
}

export interface Validators {
  etag?: string | null
  lastModified?: string | null
}

export type FetchOutcome =
  | { kind: 'ok'; status: number; finalUrl: string; headers: Record<string, string>; redirects: Hop[]; contentType: string; body: string }
  | { kind: 'not-modified'; status: 304; finalUrl: string; headers: Record<string, string>; redirects: Hop[] }
  | { kind: 'unsupported'; status: number; finalUrl: string; headers: Record<string, string>; redirects: Hop[]; contentType: string }
  | { kind: 'gone'; status: number; finalUrl: string; headers: Record<string, string>; redirects: Hop[] }
  | { kind: 'disallowed'; url: string; redirects: Hop[] }
  | { kind: 'error'; status: number | null; error: string; redirects: Hop[] }

/** Content the watch reads as text: HTML, XHTML and plain text. Anything else is noted, not read. */
export const READABLE = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** The body as text in the charset the response names (UTF-8 when it names none or one Node does not know). */
function decode(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1]
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body)
  } catch {
    return new TextDecoder('utf-8').decode(body)
  }
}

/** Retry-After as milliseconds (delay-seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const t = Date.parse(value)
  return Number.isFinite(t) ? Math.max(0, t - now) : null
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    if (k !== 'set-cookie') out[k] = v
  })
  return out
}

/**
 * A fetcher that behaves as a careful person would: it asks each host's robots.txt first (RFC
 * 9309 through `robots-parser`), sends one request at a time per host with a pause between them,
 * says who it is, asks only for what changed, gives up on slow or oversized answers, follows and
 * records redirects itself, and honours Retry-After within a bound.
 */
export class PoliteFetcher {
  readonly #o: Required<Omit<PoliteOptions, 'fetch' | 'sleep'>> & { fetch: typeof fetch; sleep: (ms: number) => Promise<void> }
  readonly #robots = new Map<string, Promise<{ allowed: (url: string) => boolean; crawlDelayMs: number }>>()
  readonly #hostQueue = new Map<string, Promise<unknown>>()
  readonly #lastRequest = new Map<string, number>()
  readonly #hostPause = new Map<string, number>()
  /** A host's Retry-After: no request to it before this moment. */
  readonly #notBefore = new Map<string, number>()
  /** Hosts that asked for a longer rest than this run waits: left alone until the next run. */
  readonly #resting = new Map<string, string>()
  /** Requests made, for the run's summary. */
  requests = 0

  constructor(o: PoliteOptions) {
    this.#o = { maxRedirects: 5, maxDelayMs: 60_000, fetch: globalThis.fetch, sleep: sleepReal, ...o }
  }

  /** Runs fn when the host's previous request is done and its pause has passed: one at a time per host. */
  #onHost<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#hostQueue.get(host) ?? Promise.resolve()
    const next = prev.catch(() => undefined).then(async () => {
      const last = this.#lastRequest.get(host)
      const pause = this.#hostPause.get(host) ?? this.#o.delayMs
      const wait = Math.max(last === undefined ? 0 : last + pause, this.#notBefore.get(host) ?? 0) - Date.now()
      if (wait > 0) await this.#o.sleep(wait)
      try {
        return await fn()
      } finally {
        this.#lastRequest.set(host, Date.now())
      }
    })
    this.#hostQueue.set(host, next)
    return next
  }

  async #request(url: string, headers: Record<string, string>): Promise<Response> {
    this.requests++
    return this.#o.fetch(url, { redirect: 'manual', headers: { 'user-agent': this.#o.userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8', ...headers }, signal: AbortSignal.timeout(this.#o.timeoutMs) })
  }

  /** Reads a body up to the cap; null when it is larger. */
  async #readCapped(res: Response): Promise<Buffer | null> {
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (Number.isFinite(declared) && declared > this.#o.maxBytes) {
      await res.body?.cancel().catch(() => undefined)
      return null
    }
    if (!res.body) return Buffer.alloc(0)
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > this.#o.maxBytes) {
        await res.body.cancel().catch(() => undefined)
        return null
      }
      chunks.push(Buffer.from(chunk))
    }
    return Buffer.concat(chunks)
  }

  /** The host's robots.txt rules, fetched once per run (through the host's queue, like any request). */
  #robotsFor(origin: string): Promise<{ allowed: (url: string) => boolean; crawlDelayMs: number }> {
    let r = this.#robots.get(origin)
    if (!r) {
      r = this.#onHost(new URL(origin).host, async () => {
        const robotsUrl = `${origin}/robots.txt`
        try {
          const res = await this.#request(robotsUrl, {})
          if (res.status >= 200 && res.status < 300) {
            const body = await this.#readCapped(res)
            const txt = body === null ? '' : body.toString('utf8')
            const robots = robotsParser(robotsUrl, txt)
            const ua = this.#o.userAgent
            const delay = robots.getCrawlDelay(ua)
            return { allowed: (u: string) => robots.isAllowed(u, ua) !== false, crawlDelayMs: delay ? Math.min(delay * 1000, this.#o.maxDelayMs) : 0 }
          }
          await res.body?.cancel().catch(() => undefined)
          // RFC 9309: an unavailable robots.txt (4xx) allows everything; an unreachable one (5xx) forbids everything for now.
          if (res.status >= 400 && res.status < 500) return { allowed: () => true, crawlDelayMs: 0 }
          return { allowed: () => false, crawlDelayMs: 0 }
        } catch {
          return { allowed: () => false, crawlDelayMs: 0 }
        }
      })
      this.#robots.set(origin, r)
    }
    return r
  }

  /** Fetches one page politely. Never throws: every failure is an outcome. */
  async fetchPage(url: string, validators: Validators = {}): Promise<FetchOutcome> {
    const redirects: Hop[] = []
    let current = url
    let retried = false
    for (let hop = 0; hop <= this.#o.maxRedirects; ) {
      const u = new URL(current)
      const rest = this.#resting.get(u.host)
      if (rest) return { kind: 'error', status: null, error: rest, redirects }
      const robots = await this.#robotsFor(u.origin)
      if (!robots.allowed(current)) return { kind: 'disallowed', url: current, redirects }
      if (robots.crawlDelayMs > this.#o.delayMs) this.#hostPause.set(u.host, Math.max(this.#hostPause.get(u.host) ?? 0, robots.crawlDelayMs))
      const conditional: Record<string, string> = {}
      if (current === url && validators.etag) conditional['if-none-match'] = validators.etag
      if (current === url && validators.lastModified) conditional['if-modified-since'] = validators.lastModified
      const step = await this.#onHost(u.host, async (): Promise<{ res: Response; body: Buffer | null | undefined } | { error: string }> => {
        try {
          const res = await this.#request(current, conditional)
          const type = res.headers.get('content-type') ?? ''
          if (res.status >= 200 && res.status < 300 && READABLE.test(type)) return { res, body: await this.#readCapped(res) }
          await res.body?.cancel().catch(() => undefined)
          return { res, body: undefined }
        } catch (e) {
          const err = e as Error
          const name = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${this.#o.timeoutMs} ms` : `${err.message}${err.cause ? ` (${(err.cause as Error).message ?? err.cause})` : ''}`
          return { error: name }
        }
      })
      if ('error' in step) return { kind: 'error', status: null, error: step.error, redirects }
      const { res, body } = step
      const headers = headersOf(res)
      const location = res.headers.get('location')
      if ([301, 302, 303, 307, 308].includes(res.status) && location) {
        const target = URL.canParse(location, current) ? new URL(location, current) : null
        if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) return { kind: 'error', status: res.status, error: `redirect ${res.status} to something that is not a web address`, redirects }
        const to = target.toString()
        redirects.push({ status: res.status, from: current, to })
        current = to
        hop++
        continue
      }
      if ([301, 302, 303, 307, 308].includes(res.status)) return { kind: 'error', status: res.status, error: `redirect ${res.status} without a Location`, redirects }
      if (res.status === 304) return { kind: 'not-modified', status: 304, finalUrl: current, headers, redirects }
      if (res.status === 404 || res.status === 410) return { kind: 'gone', status: res.status, finalUrl: current, headers, redirects }
      if (res.status === 429 || res.status === 503) {
        const wait = retryAfterMs(res.headers.get('retry-after'))
        if (wait !== null) {
          // The host asked us to slow down: its pause grows for the rest of the run (within a bound)…
          this.#hostPause.set(u.host, Math.min(Math.max(this.#hostPause.get(u.host) ?? this.#o.delayMs, wait), this.#o.maxDelayMs))
          // …and nothing goes to it before Retry-After has passed, or, if that is longer than a run waits, not again this run.
          if (wait <= this.#o.retryAfterMaxMs) this.#notBefore.set(u.host, Math.max(this.#notBefore.get(u.host) ?? 0, Date.now() + wait))
          else this.#resting.set(u.host, `the portal asked to wait ${Math.round(wait / 1000)} s (answered ${res.status}); not asked again in this run`)
        }
        if (!retried && wait !== null && wait <= this.#o.retryAfterMaxMs) {
          retried = true
          continue
        }
        return { kind: 'error', status: res.status, error: wait === null ? `answered ${res.status}` : `answered ${res.status}, asking to wait ${Math.round(wait / 1000)} s (more than this run waits)`, redirects }
      }
      if (res.status < 200 || res.status >= 300) return { kind: 'error', status: res.status, error: `answered ${res.status}`, redirects }
      const contentType = res.headers.get('content-type') ?? ''
      if (!READABLE.test(contentType)) return { kind: 'unsupported', status: res.status, finalUrl: current, headers, redirects, contentType }
      if (body === null) return { kind: 'error', status: res.status, error: `the page is larger than ${this.#o.maxBytes} bytes; not read`, redirects }
      return { kind: 'ok', status: res.status, finalUrl: current, headers, redirects, contentType, body: decode(body ?? Buffer.alloc(0), contentType) }
    }
    return { kind: 'error', status: null, error: `more than ${this.#o.maxRedirects} redirects`, redirects }
  }
}
