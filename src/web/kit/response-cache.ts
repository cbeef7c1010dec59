import type { IncomingMessage, ServerResponse } from 'node:http'
import negotiateEncoding from '@fastify/accept-negotiator'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { LRUCache } from 'lru-cache'
import { readFileSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, deflate, gzip } from 'node:zlib'
import type { Db } from '../../store/database.ts'
import { currentRevision, heldRevision } from '../../store/revision.ts'
import { negotiate } from '../i18n/index.ts'

/**
 * Caches public GET responses in memory, keyed on the catalogue revision (held in memory, see
 * src/store/revision.ts) + URL + negotiated format and language; each entry holds its body as a
 * Buffer and every header of the response it was taken from, ready for `writeHead`, and its
 * compressed variants (made once per entry, on the first request that asks for one). A hit is
 * answered from the first onRequest hook, before helmet, CORS, the load limit and every onSend hook:
 * its headers are the ones those hooks set on the miss, so a hit carries the same security
 * headers, CORS, Vary and ETag. ETags stay @fastify/etag's content hashes (the same on every
 * instance for the same bytes); a matching If-None-Match is answered 304 here too. Private and
 * editorial routes are never cached, not even in memory. Static assets (`/assets/…`) are held the
 * same way, read from disk once per process.
 */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024

type Encoding = 'br' | 'gzip' | 'deflate'
/** A ready answer: the raw header list for `writeHead` (with content-length) and the body. */
interface Variant {
  head: string[]
  body: Buffer
}
interface Entry {
  revision: number
  etag?: string
  /** The response's headers as [name, value] pairs, without content-length and per-request ones. */
  headers: [string, string][]
  identity: Variant
  /** What @fastify/compress would do with it: a compressible type, and (for a page) at least 1 KiB. */
  compressible: boolean
  encoded: Partial<Record<Encoding, Variant>>
  pending: Partial<Record<Encoding, Promise<Variant>>>
  bytes: number
}

/** What an entry costs in memory: its key, bodies (uncompressed and compressed) and headers. */
export const entryBytes = (key: string, e: Pick<Entry, 'identity' | 'encoded'>) => {
  let n = 2 * key.length + 256
  for (const v of [e.identity, ...Object.values(e.encoded)]) n += v.body.length + v.head.reduce((a, s) => a + 2 * s.length, 0)
  return n
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Bytes the response cache holds now (0 when it is off). */
    responseCacheBytes: () => number
    /**
     * Answers a request from the cache straight from Node's HTTP server, before Fastify makes its
     * request and reply or routes it; false when it is not a hit (Fastify then answers as usual).
     */
    answerRawHit: (req: IncomingMessage, res: ServerResponse) => boolean
  }
  interface FastifyContextConfig {
    /** A public route whose GET responses may be cached (set when the route is added). */
    atlasCache?: boolean
  }
  interface FastifyRequest {
    /** The catalogue revision this request was answered at (set when it may be cached). */
    atlasRevision?: number
  }
}

/** Headers never copied into an entry: per response (length, date, connection) or per client. */
const SKIPPED = new Set(['content-length', 'transfer-encoding', 'date', 'connection', 'keep-alive', 'x-atlas-cache'])
/** @fastify/compress's default test of a compressible type (the types the atlas sends all fall under it or are not compressed by it). */
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)|octet-stream(?:;|$)/u
const COMPRESS_THRESHOLD = 1024
const ENCODINGS = ['br', 'gzip', 'deflate', 'identity'] as const
// Once per entry, so better than @fastify/compress's per-response brotli quality 4: smaller pages for the same one-off cost.
const BROTLI_QUALITY = 9
const compressors: Record<Encoding, (b: Buffer) => Promise<Buffer>> = {
  br: (b) => promisify(brotliCompress)(b, { params: { [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: b.length } }),
  gzip: (b) => promisify(gzip)(b, { level: 9 }),
  deflate: (b) => promisify(deflate)(b, { level: 9 }),
}

/** Memoised per header value (browsers send a handful of distinct ones); bounded against junk. */
function memo<T>(fn: (h: string | undefined) => T): (h: string | undefined) => T {
  const seen = new Map<string | undefined, T>()
  return (h) => {
    let v = seen.get(h)
    if (v === undefined && !seen.has(h)) {
      v = fn(h)
      if (seen.size > 500) seen.clear()
      seen.set(h, v)
    }
    return v as T
  }
}
/** The encoding @fastify/compress would choose for this Accept-Encoding (same negotiator, same order). */
const encodingOf = memo((h): Encoding | 'identity' | null => (h === undefined ? 'identity' : negotiateEncoding(h.toLowerCase().replace(/\*|x-gzip/gu, 'gzip'), [...ENCODINGS]) ?? 'identity'))
const languageOf = memo((h) => negotiate(h))
const formatOf = memo((accept) => (accept !== undefined && accept.includes('application/json') && !accept.includes('text/html') ? 'json' : 'html'))

const flatten = (headers: [string, string][], extra: [string, string][]) => {
  const out: string[] = []
  for (const [k, v] of headers) out.push(k, v)
  for (const [k, v] of extra) out.push(k, v)
  return out
}

function makeEntry(revision: number, captured: [string, string][], body: Buffer, compressible: boolean): Entry {
  const headers: [string, string][] = [...captured, ['x-atlas-cache', 'hit']]
  return {
    revision,
    etag: captured.find(([k]) => k === 'etag')?.[1],
    headers,
    identity: { head: flatten(headers, [['content-length', String(body.length)]]), body },
    compressible,
    encoded: {},
    pending: {},
    bytes: 0,
  }
}

/** The variant for an encoding: the same headers, Vary gaining accept-encoding as @fastify/compress does it. */
function encodedVariant(e: Entry, encoding: Encoding, body: Buffer): Variant {
  const headers = e.headers.filter(([k]) => k !== 'vary')
  const vary = e.headers.find(([k]) => k === 'vary')?.[1]
  headers.push(['vary', vary === undefined ? 'accept-encoding' : vary.includes('accept-encoding') ? vary : `${vary}, accept-encoding`])
  return { head: flatten(headers, [['content-encoding', encoding], ['content-length', String(body.length)]]), body }
}

/** The headers a reply has set, as cacheable pairs; undefined when the response must not be kept (it sets a cookie, says no-store, or is already encoded). */
function capturedHeaders(reply: FastifyReply): [string, string][] | undefined {
  const all = reply.getHeaders()
  if (all['set-cookie'] !== undefined || (all['content-encoding'] !== undefined && all['content-encoding'] !== 'identity')) return undefined
  if (String(all['cache-control'] ?? '').includes('no-store')) return undefined
  const out: [string, string][] = []
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined || SKIPPED.has(k)) continue
    for (const one of [v].flat()) out.push([k, String(one)])
  }
  return out
}

const matchesEtag = (inm: string, etag: string) => inm === etag || inm === 'W/' + etag || 'W/' + inm === etag

export function registerResponseCache(app: FastifyInstance, db: Db, options: { maxBytes?: number; enabled?: boolean; assets?: { prefix: string; root: string } } = {}): void {
  if (options.enabled === false) {
    app.decorate('responseCacheBytes', () => 0)
    app.decorate('answerRawHit', () => false)
    return
  }
  // Bounded by bytes, not entries: 2,000 large pages could otherwise hold hundreds of MB.
  const maxSize = options.maxBytes ?? DEFAULT_CACHE_BYTES
  const cache = new LRUCache<string, Entry>({ maxSize, maxEntrySize: Math.max(1, Math.floor(maxSize / 8)), sizeCalculation: (e) => e.bytes })
  app.decorate('responseCacheBytes', () => cache.calculatedSize)
  const keyOf = (req: FastifyRequest) => `${req.url}\u0000${formatOf(req.headers.accept)}\u0000${languageOf(req.headers['accept-language'])}`
  const put = (key: string, e: Entry) => {
    e.bytes = entryBytes(key, e)
    // lru-cache keeps the old size when the same value is set again.
    if (cache.peek(key) === e) cache.delete(key)
    cache.set(key, e)
  }

  // Assets: files that do not change while the process runs (their URLs carry a content hash), held
  // in memory after @fastify/static has answered them once; the few conditional or range requests
  // still go to it.
  const assets = new Map<string, Entry>()
  // The asset files are few and small; still bounded (a quarter of the cache's bytes), so a large
  // file dropped into public/ is served from disk instead.
  let assetBytes = 0
  const assetPrefix = options.assets?.prefix
  const assetRoot = options.assets ? resolve(options.assets.root) + sep : undefined
  const assetPath = (url: string) => {
    const q = url.indexOf('?')
    return q < 0 ? url : url.slice(0, q)
  }
  const plainAssetRequest = (req: FastifyRequest) => {
    const h = req.headers
    return h.range === undefined && h['if-none-match'] === undefined && h['if-modified-since'] === undefined && h['if-range'] === undefined && h['if-match'] === undefined && h['if-unmodified-since'] === undefined
  }

  // Marks the routes that may be cached (privacy.ts's flags are set by then: its onRoute hook is
  // registered first), and adds the store as a route-level onSend hook: it runs after every
  // app-level onSend hook (ETag, CORS, security headers) and, added before @fastify/compress's
  // own (which is also route-level), before compression.
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { private?: boolean; editorial?: boolean; atlasCache?: boolean }
    const isAsset = assetPrefix !== undefined && route.url.startsWith(assetPrefix)
    if (config.private || config.editorial || route.url.startsWith('/healthz')) return
    route.config = Object.assign(route.config ?? {}, { atlasCache: true })
    const store = isAsset ? storeAsset : storePage
    route.onSend = route.onSend === undefined ? [store] : [route.onSend].flat().concat(store)
  })

  async function storePage(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const revision = req.atlasRevision
    if (revision === undefined || req.method !== 'GET' || reply.statusCode !== 200) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    // A publish while this page was rendered: it may be stale, so it is not kept.
    const now = heldRevision(db)
    if (now !== undefined && now !== revision) return payload
    const headers = capturedHeaders(reply)
    if (!headers) return payload
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload
    const type = headers.find(([k]) => k === 'content-type')?.[1] ?? 'application/json'
    put(keyOf(req), makeEntry(revision, headers, body, body.length >= COMPRESS_THRESHOLD && COMPRESSIBLE.test(type)))
    return payload
  }

  async function storeAsset(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (req.method !== 'GET' || reply.statusCode !== 200 || !plainAssetRequest(req)) return payload
    const path = assetPath(req.url)
    if (assets.has(path)) return payload
    const headers = capturedHeaders(reply)
    if (!headers) return payload
    let file: string
    try {
      file = resolve(assetRoot!, decodeURIComponent(path.slice(assetPrefix!.length)))
    } catch {
      return payload
    }
    if (!file.startsWith(assetRoot!)) return payload
    let body: Buffer
    try {
      body = readFileSync(file)
    } catch {
      return payload
    }
    // Only what @fastify/static itself sent (same length), and only small files.
    if (String(body.length) !== String(reply.getHeader('content-length')) || 2 * (assetBytes + body.length) > maxSize / 2) return payload
    const type = headers.find(([k]) => k === 'content-type')?.[1] ?? ''
    // @fastify/compress compresses a streamed file whatever its size.
    assets.set(path, makeEntry(0, headers, body, COMPRESSIBLE.test(type)))
    assetBytes += body.length
    return payload
  }

  /** Answers from an entry, bypassing every later hook (a variant not compressed yet is awaited). */
  function answer(req: FastifyRequest, reply: FastifyReply, e: Entry, key: string | undefined): void {
    reply.hijack()
    answerRaw(req.raw, reply.raw, e, key)
  }

  function answerRaw(req: IncomingMessage, res: ServerResponse, e: Entry, key: string | undefined): void {
    const inm = req.headers['if-none-match']
    if (inm !== undefined && e.etag !== undefined && matchesEtag(inm, e.etag)) {
      // As @fastify/etag's 304: every header, an empty body.
      res.writeHead(304, flatten(e.headers, [['content-length', '0']]))
      res.end()
      return
    }
    if (req.method === 'HEAD' || !e.compressible) return send(res, req, e.identity)
    const encoding = encodingOf(req.headers['accept-encoding'] as string | undefined)
    if (encoding === 'identity' || encoding === null || req.headers['x-no-compression'] !== undefined) return send(res, req, e.identity)
    const ready = e.encoded[encoding]
    if (ready) return send(res, req, ready)
    // The first request for this encoding compresses it (off the event loop, in libuv's pool); later ones get the same bytes.
    let pending = e.pending[encoding]
    if (!pending) {
      pending = compressors[encoding](e.identity.body).then((body) => {
        const v = encodedVariant(e, encoding, body)
        e.encoded[encoding] = v
        delete e.pending[encoding]
        // Re-stored so the cache counts the new bytes (it may evict for them).
        if (key !== undefined && cache.peek(key) === e) put(key, e)
        return v
      })
      e.pending[encoding] = pending
    }
    pending.then(
      (v) => send(res, req, v),
      (err) => {
        app.log.error(err)
        send(res, req, e.identity)
      },
    )
  }

  const send = (res: ServerResponse, req: IncomingMessage, v: Variant) => {
    res.writeHead(200, v.head)
    if (req.method === 'HEAD') res.end()
    else res.end(v.body)
  }

  let newest = -1
  // Only URLs of routes marked cacheable were ever stored, and a URL always matches the same route,
  // so an entry found by the request's key is this route's answer: no routing needed.
  const rawKeyOf = (req: IncomingMessage) => `${req.url}\u0000${formatOf(req.headers.accept)}\u0000${languageOf(req.headers['accept-language'])}`
  app.decorate('answerRawHit', (req: IncomingMessage, res: ServerResponse): boolean => {
    const method = req.method
    if (method !== 'GET' && method !== 'HEAD') return false
    const url = req.url ?? ''
    if (assetPrefix !== undefined && url.startsWith(assetPrefix)) {
      const h = req.headers
      const plain = h.range === undefined && h['if-none-match'] === undefined && h['if-modified-since'] === undefined && h['if-range'] === undefined && h['if-match'] === undefined && h['if-unmodified-since'] === undefined
      const e = plain ? assets.get(assetPath(url)) : undefined
      if (!e) return false
      answerRaw(req, res, e, undefined)
      return true
    }
    const revision = heldRevision(db)
    if (revision === undefined || revision !== newest) return false // not known here: Fastify's hook reads it
    const key = rawKeyOf(req)
    const hit = cache.get(key)
    if (!hit || hit.revision !== revision) return false
    answerRaw(req, res, hit, key)
    return true
  })

  const lookUp = (req: FastifyRequest, reply: FastifyReply, revision: number, done: () => void) => {
    // A new revision makes every entry stale: free them at once rather than as they are evicted.
    if (revision > newest) {
      if (newest >= 0) cache.clear()
      newest = revision
    }
    req.atlasRevision = revision
    const key = keyOf(req)
    const hit = cache.get(key)
    if (!hit || hit.revision !== revision) return done()
    answer(req, reply, hit, key)
  }

  // The first onRequest hook of the app (registered before helmet, CORS and the load limit): a
  // synchronous callback, so a hit costs no promise; the revision is read from the database only
  // when it is not held in memory (PostgreSQL's change listener down).
  app.addHook('onRequest', (req, reply, done) => {
    const method = req.raw.method
    if ((method !== 'GET' && method !== 'HEAD') || req.routeOptions.config?.atlasCache !== true) return done()
    if (assetPrefix !== undefined && req.url.startsWith(assetPrefix)) {
      const e = plainAssetRequest(req) ? assets.get(assetPath(req.url)) : undefined
      if (e) return answer(req, reply, e, undefined)
      return done()
    }
    const revision = heldRevision(db)
    if (revision !== undefined) return lookUp(req, reply, revision, done)
    currentRevision(db).then((r) => lookUp(req, reply, r, done), done)
  })
}
