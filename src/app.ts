import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import etag from '@fastify/etag'
import helmet from '@fastify/helmet'
import helmetMiddleware from 'helmet'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import type { Database } from './store/database.ts'
import type { AppDeps } from './web/deps.ts'
import { ROOT } from './paths.ts'
import { httpError, registerErrorHandling, sendError, type HtmlErrorRenderer } from './web/kit/errors.ts'
import { clearinghouseRoutes } from './web/clearinghouses/api.ts'
import { evidenceRoutes } from './web/evidence/api.ts'
import { interventionRoutes } from './web/interventions/api.ts'
import { metaRoutes } from './web/meta/api.ts'
import { reportRoutes } from './web/reports/api.ts'
import { interventionPages } from './web/interventions/pages.ts'
import { sitePages } from './web/site/pages.ts'
import { clearinghousePages } from './web/clearinghouses/pages.ts'
import { evidencePages } from './web/evidence/pages.ts'
import { gapMapPages } from './web/gap-map/pages.ts'
import { gapMapRoutes } from './web/gap-map/api.ts'
import { finderRoutes } from './web/finder/api.ts'
import { finderPages } from './web/finder/pages.ts'
import { changeRoutes } from './web/changes/api.ts'
import { changePages } from './web/changes/pages.ts'
import { openDataRoutes } from './web/open-data/api.ts'
import { openApiDocument } from './web/meta/openapi.ts'
import { pageContext } from './web/kit/page-context.ts'
import { ErrorPage } from './web/kit/error-page.tsx'
import { registerResponseCache } from './web/kit/response-cache.ts'
import { accessEntry, isPrivateRoute, privateRequest, registerRouteFlags } from './web/kit/privacy.ts'
import { registerInputRules } from './web/kit/input-rules.ts'
import { registerLoadLimit, type LoadLimit } from './web/kit/load-limit.ts'
import { registerAuth } from './web/admin/auth.ts'
import { adminRoutes } from './web/admin/index.ts'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'

export type { AppDeps }

/** Open data paths other sites' pages may read (CORS, cross-origin resource policy); the editorial area and pages stay same-origin. */
export const isOpenDataPath = (url: string) => url.startsWith('/api/') || url.startsWith('/data/')

/** Security headers and a strict Content-Security-Policy: everything from this origin, no inline script. */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false as const,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
}

/** The same headers for responses no hook sees (URL errors answered by the router itself). */
const rawHelmet = helmetMiddleware(HELMET_OPTIONS)
function securityHeaders(reply: FastifyReply): void {
  rawHelmet(reply.request.raw, reply.raw, () => {})
}

const PUBLIC_DIR = `${ROOT}/public/`

const version = (file: string) => createHash('sha256').update(readFileSync(`${PUBLIC_DIR}${file}`)).digest('hex').slice(0, 10)

function assetUrls(): AppDeps['assets'] {
  // The islands are built by `npm install` (vite); without them the pages still work.
  const island = (name: string) => (existsSync(`${PUBLIC_DIR}build/${name}.js`) ? `/assets/build/${name}.js?v=${version(`build/${name}.js`)}` : undefined)
  const gapMapJs = island('gap-map')
  const finderJs = island('finder')
  return {
    css: `/assets/atlas.css?v=${version('atlas.css')}`,
    ...(gapMapJs ? { gapMapJs } : {}),
    ...(finderJs ? { finderJs } : {}),
  }
}

/** Every route the app registered (method, URL, whether hidden from the API document), for tests and docs. */
export const registeredRoutes = new WeakMap<FastifyInstance, { method: string; url: string; hidden: boolean }[]>()

export interface AppOptions {
  logger?: FastifyServerOptions['logger']
  /** In-memory response cache keyed on the catalogue revision (default on). */
  cache?: boolean
  /** Trust X-Forwarded-* from a reverse proxy (TLS terminated there: cookies then get Secure). */
  trustProxy?: boolean
  /** Public base URL for absolute links (default http://localhost:3000). */
  publicUrl?: string
  /** Bytes the response cache may hold (default 64 MiB). */
  cacheBytes?: number
  /** Requests served at once, and how many may wait how long, before a fast 503 (default on). */
  loadLimit?: Partial<LoadLimit> | false
}

/** Builds the atlas: plugins first, then each resource's routes, in a visible order. */
export async function buildApp(base: { db: Kysely<Database> }, options: AppOptions = {}): Promise<FastifyInstance> {
  const deps: AppDeps = { ...base, assets: assetUrls(), publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '') }
  const renderErrorPage: HtmlErrorRenderer = async (req, status, message) => {
    const ctx = await pageContext(req, deps)
    return '<!doctype html>' + renderToString(h(ErrorPage, { ctx, status, message }))
  }
  // With the access log off, a cache hit is answered by Node's HTTP server itself, before Fastify
  // makes a request, a reply and a route match for it (bench/hits.ts at 5,000: ~60 -> ~40 µs of CPU a hit);
  // with it on, hits go through Fastify's first hook, so that each is logged like any response.
  const level = typeof options.logger === 'object' ? ((options.logger as { level?: string }).level ?? 'info') : 'info'
  const accessLogged = Boolean(options.logger) && ['info', 'debug', 'trace'].includes(level)
  let rawHit: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined
  const app = Fastify({
    serverFactory: (handler, fastifyOpts) => {
      const opts = fastifyOpts as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number; maxRequestsPerSocket?: number }
      const server = createServer((req, res) => {
        if (rawHit?.(req, res)) return
        handler(req, res)
      })
      // As Fastify sets them on a server it makes itself.
      server.keepAliveTimeout = opts.keepAliveTimeout ?? server.keepAliveTimeout
      server.requestTimeout = opts.requestTimeout ?? server.requestTimeout
      server.setTimeout(opts.connectionTimeout ?? 0)
      if ((opts.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket!
      return server
    },
    logger: options.logger ? { ...(typeof options.logger === 'object' ? options.logger : {}), serializers: { req: privateRequest } } : false,
    // Route parameters and query strings are small; anything huge is a mistake or an attack.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // The access log is written once a response is known (onResponse below), so that what it keeps
    // can depend on the matched route and the status.
    disableRequestLogging: true,
    // Router-level errors (a path segment too long, a malformed URL) go through the one error handler
    // too, with the same security headers as every other response (no onRequest hook runs for them).
    frameworkErrors: (error, req, reply) => {
      const status = error.statusCode ?? 400
      securityHeaders(reply)
      reply.header('Cache-Control', 'no-store')
      void sendError(req, reply, status, { statusCode: status, error: httpError(status), message: error.message.slice(0, 200) }, renderErrorPage)
    },
  })
  const routes: { method: string; url: string; hidden: boolean }[] = []
  registeredRoutes.set(app, routes)
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url, hidden: (r.schema as { hide?: boolean } | undefined)?.hide === true })
  })
  registerRouteFlags(app)
  // First of every hook: a cache hit (a page, or an asset) is answered here, before helmet, CORS and
  // the load limit, with the headers they set when it was stored.
  registerResponseCache(app, deps.db, { enabled: options.cache !== false, maxBytes: options.cacheBytes, assets: { prefix: '/assets/', root: PUBLIC_DIR } })
  if (!accessLogged) rawHit = (req, res) => app.answerRawHit(req, res)
  app.addHook('onResponse', async (req, reply) => {
    // Skipped unless logged: building the entry costs more than a cache hit itself.
    if ((req.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') === false) return
    req.log.info({ req: accessEntry(req, reply.statusCode), res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) }, 'request completed')
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandling(app, renderErrorPage)

  await app.register(helmet, HELMET_OPTIONS)
  // Private routes: no cache anywhere (no-store), and never a referrer carrying the selection.
  app.addHook('onSend', async (req, reply) => {
    if (isPrivateRoute(req)) reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer')
  })
  // The open API and data package may be read by browser tools on any origin: GET and HEAD only, no
  // credentials (no cookie is ever sent or honoured there). Everything else gets no CORS headers.
  await app.register(cors, {
    delegator: (req, cb) => cb(null, isOpenDataPath(req.url ?? '') ? { origin: '*', methods: ['GET', 'HEAD'], credentials: false, maxAge: 86400 } : { origin: false }),
  })
  // helmet's Cross-Origin-Resource-Policy: same-origin would block those reads; relax it there only.
  app.addHook('onSend', async (req, reply, payload) => {
    if (isOpenDataPath(req.url)) reply.header('Cross-Origin-Resource-Policy', 'cross-origin')
    return payload
  })
  if (options.loadLimit !== false) registerLoadLimit(app, options.loadLimit ?? {})
  registerInputRules(app)
  // ETag on every response; a matching If-None-Match gets a 304 without the body.
  await app.register(etag)
  await app.register(compress, { threshold: 1024 })
  // Cookies, form bodies, sessions and CSRF checks for the editorial area.
  await registerAuth(app, deps.db)
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '365d', immutable: true, index: false })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Perinatal Atlas API',
        description:
          'Open evidence on psychosocial interventions in the first 1000 days: interventions, every portal\'s grade verbatim and dated beside one harmonised tier, the chapter\'s Table 9, and evidence statements with citations.',
        version: '1.0.0',
        license: { name: 'CC-BY-4.0 (the data); the grades quoted are the portals\' words, credited to them', identifier: 'CC-BY-4.0' },
      },
      externalDocs: { description: 'The atlas and its data licence', url: `${deps.publicUrl}/about` },
      servers: [{ url: deps.publicUrl }],
      tags: [
        { name: 'catalogue', description: 'Interventions, clearinghouses and tiers' },
        { name: 'reports', description: 'Published tables rebuilt from data' },
        { name: 'evidence', description: 'Evidence statements with citations' },
        { name: 'gap map', description: 'The evidence-and-gap map and its findings' },
        { name: 'finder', description: 'The needs finder' },
        { name: 'monitor', description: 'Changes found in monitored clearinghouse snapshots' },
        { name: 'meta', description: 'About the data' },
        { name: 'open data', description: 'The whole dataset as a Frictionless data package (CORS-enabled, like /api/)' },
        { name: 'exports', description: 'Spreadsheets, publication tables, pictures and references for people (same parameters as the pages they come from)' },
        { name: 'feeds', description: 'Atom and JSON Feed of monitored changes' },
      ],
    },
    transform: jsonSchemaTransform,
    // zod schemas registered with an id (src/web/schemas.ts) become shared components/schemas.
    transformObject: jsonSchemaTransformObject,
  })

  await app.register(metaRoutes(deps))
  await app.register(interventionRoutes(deps))
  await app.register(clearinghouseRoutes(deps))
  await app.register(reportRoutes(deps))
  await app.register(evidenceRoutes(deps))
  await app.register(gapMapRoutes(deps))
  await app.register(finderRoutes(deps))
  await app.register(changeRoutes(deps))
  await app.register(openDataRoutes(deps))

  await app.register(sitePages(deps))
  await app.register(clearinghousePages(deps))
  await app.register(evidencePages(deps))
  await app.register(interventionPages(deps))
  await app.register(gapMapPages(deps))
  await app.register(finderPages(deps))
  await app.register(changePages(deps))
  await app.register(adminRoutes(deps))

  app.get('/api/openapi.json', { schema: { operationId: 'getOpenApi', summary: 'This API described as OpenAPI 3.1, with an example per operation', tags: ['meta'] } }, async () => openApiDocument(app))
  return app
}
