import type { FastifyInstance, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { isEditorialRoute, isPrivateRoute, matchedRoute } from './privacy.ts'
import type { Db } from '../../store/database.ts'
import { currentRevision } from '../../store/revision.ts'
import { negotiate } from '../i18n/index.ts'

interface Entry {
  revision: number
  status: number
  headers: Record<string, string>
  body: string
}

/** Headers a cached response keeps; per-request ones (date, request id) are left out. */
const KEPT = ['etag', 'content-type', 'link', 'vary', 'cache-control', 'content-disposition', 'content-security-policy']

/**
 * Caches public GET responses in memory, keyed on the catalogue revision held in the database:
 * every request reads the revision (one indexed row), so after a publish through any instance the
 * next request here renders afresh. ETags stay @fastify/etag's content hashes, the same on every
 * instance for the same bytes. Needs-finder responses are never cached: not even in memory.
 */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024

/** What an entry costs in memory: its key, body and kept headers (strings are UTF-16 in memory). */
export const entryBytes = (key: string, e: Entry) => 2 * (key.length + e.body.length + Object.entries(e.headers).reduce((n, [k, v]) => n + k.length + v.length, 0)) + 64

declare module 'fastify' {
  interface FastifyInstance {
    /** Bytes the response cache holds now (0 when it is off). */
    responseCacheBytes: () => number
  }
}

export function registerResponseCache(app: FastifyInstance, db: Db, options: { maxBytes?: number; enabled?: boolean } = {}): void {
  if (options.enabled === false) {
    app.decorate('responseCacheBytes', () => 0)
    return
  }
  // Bounded by bytes, not entries: 2,000 large pages could otherwise hold hundreds of MB.
  const maxSize = options.maxBytes ?? DEFAULT_CACHE_BYTES
  const cache = new LRUCache<string, Entry>({ maxSize, maxEntrySize: Math.max(1, Math.floor(maxSize / 8)), sizeCalculation: (e, key) => entryBytes(key, e) })
  app.decorate('responseCacheBytes', () => cache.calculatedSize)
  const keyOf = (req: FastifyRequest) => {
    const accept = req.headers.accept ?? ''
    const json = accept.includes('application/json') && !accept.includes('text/html')
    return `${req.url}\u0000${json ? 'json' : 'html'}\u0000${negotiate(req.headers['accept-language'])}`
  }
  // Decided on the matched route: `/%66inder` is the finder route and so never cached.
  const cacheable = (req: FastifyRequest) => req.method === 'GET' && matchedRoute(req) && !isPrivateRoute(req) && !isEditorialRoute(req) && !req.url.startsWith('/assets/') && !req.url.startsWith('/healthz')

  app.addHook('onRequest', async (req, reply) => {
    if (!cacheable(req)) return
    const revision = await currentRevision(db)
    ;(req as FastifyRequest & { atlasRevision?: number }).atlasRevision = revision
    const key = keyOf(req)
    const hit = cache.get(key)
    if (!hit || hit.revision !== revision) return
    reply.code(hit.status).headers(hit.headers).header('x-atlas-cache', 'hit')
    return reply.send(hit.body)
  })

  app.addHook('onSend', async (req, reply, payload) => {
    const revision = (req as FastifyRequest & { atlasRevision?: number }).atlasRevision
    if (revision === undefined || reply.statusCode !== 200 || reply.getHeader('x-atlas-cache') || typeof payload !== 'string') return payload
    const key = keyOf(req)
    const headers: Record<string, string> = {}
    for (const h of KEPT) {
      const v = reply.getHeader(h)
      if (v !== undefined) headers[h] = String(v)
    }
    if (isPrivateRoute(req)) return payload
    cache.set(key, { revision, status: 200, headers, body: payload })
    return payload
  })
}
