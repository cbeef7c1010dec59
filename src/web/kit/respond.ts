import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

export type Format = 'html' | 'json'

/** The same page as HTML or as its JSON twin: `.json` on the path, or an Accept header asking for JSON. */
export function requestedFormat(req: FastifyRequest): Format {
  if (req.url.split('?')[0]!.endsWith('.json')) return 'json'
  const accept = req.headers.accept ?? ''
  return accept.includes('application/json') && !accept.includes('text/html') ? 'json' : 'html'
}

/**
 * Sends one page: the data as JSON, or the rendered HTML with a Link header to its JSON twin.
 * Pages revalidate on every visit (ETag makes that cheap) because the data changes on publish.
 */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: { data: unknown; html: () => VNode<any>; jsonHref: string; status?: number }) {
  reply.code(page.status ?? 200)
  reply.header('Vary', 'Accept, Accept-Language')
  reply.header('Cache-Control', 'no-cache')
  if (requestedFormat(req) === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(page.data))
  reply.header('Link', `<${page.jsonHref}>; rel="alternate"; type="application/json"`)
  return reply.type('text/html; charset=utf-8').send('<!doctype html>' + renderToString(page.html()))
}
