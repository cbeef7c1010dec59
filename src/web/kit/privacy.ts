import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The request carries a family's needs: never logged with its query or address, never cached anywhere. */
    private?: boolean
    /** Part of the editorial area: sessions are read, nothing is cached. */
    editorial?: boolean
  }
}

/**
 * Which routes are private is decided by the route the router matched, never by the raw URL:
 * `/%66inder` and `/finder` are one route, and so one decision. Matched against the route's own
 * pattern (`/finder`, `/finder/summary`, `/api/v1/finder`, …) when it is added.
 */
const PRIVATE_ROUTE = /^\/(api\/v1\/)?finder(\/|\.json$|$)/
const EDITORIAL_ROUTE = /^\/(admin|login|logout)(\/|$)/

/** Marks routes as they are added (register before any route). */
export function registerRouteFlags(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const flags: Record<string, boolean> = {}
    if (PRIVATE_ROUTE.test(route.url)) flags.private = true
    if (EDITORIAL_ROUTE.test(route.url)) flags.editorial = true
    if (Object.keys(flags).length) route.config = Object.assign(route.config ?? {}, flags)
  })
}

/** The matched route's flags; a request no route matched (a 404, a URL error) has none. */
export const isPrivateRoute = (req: FastifyRequest) => req.routeOptions?.config?.private === true
export const isEditorialRoute = (req: FastifyRequest) => req.routeOptions?.config?.editorial === true
/** Whether a route (not the not-found handler) answered. */
export const matchedRoute = (req: FastifyRequest) => typeof req.routeOptions?.url === 'string' && req.routeOptions.url.length > 0

const pathOf = (url: string) => url.split('?')[0]!.slice(0, 300)

interface AccessEntry {
  access: true
  method: string
  url: string
  host?: string
  remoteAddress?: string
}

/**
 * The access-log line of a finished request. Only a request answered by a public, non-private route
 * with a status other than 404 is logged with its query and client address; a private route, a 404
 * (`/Finder?…`, `//finder?…`, `/finder;x?…` all land there) or a URL error is logged by path only.
 */
export function accessEntry(req: FastifyRequest, status: number): AccessEntry {
  const full = matchedRoute(req) && !isPrivateRoute(req) && status !== 404
  return full ? { access: true, method: req.method, url: req.url.slice(0, 2000), host: req.host, remoteAddress: req.ip } : { access: true, method: req.method, url: pathOf(req.url) }
}

/** The logger's `req` serializer: access entries as they are; any other request by method and path only. */
export function privateRequest(req: { method?: string; url?: string; access?: true }) {
  if (req && (req as AccessEntry).access) {
    const { access: _a, ...rest } = req as AccessEntry
    return rest
  }
  return { method: req?.method, url: pathOf(req?.url ?? '') }
}
