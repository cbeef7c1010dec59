import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requestedFormat } from './respond.ts'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'

/** A client error with a message that names what was wrong and where. */
export class BadRequestError extends Error {
  readonly statusCode = 400
  constructor(message: string) {
    super(message)
    this.name = 'BadRequestError'
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404
  constructor(message: string) {
    super(message)
    this.name = 'NotFoundError'
  }
}

/**
 * The one check of listed parameter values against what exists: a value not known is a 400 that
 * names the parameter, the value and what was expected.
 */
export function requireKnown(param: string, values: readonly string[] | undefined, known: Iterable<string>, expected?: string): void {
  if (!values?.length) return
  const set = known instanceof Set ? (known as Set<string>) : new Set(known)
  const unknown = values.filter((v) => !set.has(v))
  if (unknown.length)
    throw new BadRequestError(`Unknown value ${unknown.map((u) => JSON.stringify(u.slice(0, 60))).join(', ')} for query parameter "${param}"; expected ${expected ?? `one of: ${[...set].join(', ')}`}`)
}

const CONTEXT_NAME: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' }

/** One error shape for the whole API: { statusCode, error, message }. 4xx say what was wrong; 5xx say nothing internal. */
/** Renders an error as an HTML page for people; API and JSON requests get the JSON shape. */
export type HtmlErrorRenderer = (req: FastifyRequest, status: number, message: string) => Promise<string>

function wantsHtml(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? ''
  return !path.startsWith('/api/') && !path.endsWith('.csv') && requestedFormat(req) === 'html'
}

export async function sendError(req: FastifyRequest, reply: FastifyReply, status: number, body: { statusCode: number; error: string; message: string }, html?: HtmlErrorRenderer) {
  reply.code(status)
  if (html && wantsHtml(req)) {
    try {
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(await html(req, status, body.message))
    } catch (e) {
      req.log.error({ err: e }, 'error page failed to render')
    }
  }
  return reply.type('application/json; charset=utf-8').send(body)
}

export function registerErrorHandling(app: FastifyInstance, html?: HtmlErrorRenderer): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = CONTEXT_NAME[err.validationContext ?? ''] ?? 'parameter'
      const message = err.validation
        .map((v) => {
          const keys = (v.params as { keys?: string[] } | undefined)?.keys
          if (v.keyword === 'unrecognized_keys' && keys)
            return `Unknown ${where}${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k.slice(0, 60)}"`).join(', ')}`
          const name = v.instancePath.replace(/^\//, '').split('/')[0] || '(unknown)'
          return `Invalid ${where} "${name}": ${v.message}`
        })
        .join('; ')
      return sendError(req, reply, 400, { statusCode: 400, error: 'Bad Request', message }, html)
    }
    const status = err.statusCode ?? 500
    // Busy (the bounded request queue): said at once, without rendering a page that would read the database.
    if (status === 503) return sendError(req, reply, 503, { statusCode: 503, error: 'Service Unavailable', message: err.message })
    if (status >= 400 && status < 500) {
      return sendError(req, reply, status, { statusCode: status, error: httpError(status), message: err.message }, html)
    }
    req.log.error({ err }, 'request failed')
    return sendError(req, reply, 500, { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' }, html)
  })
  app.setNotFoundHandler(async (req, reply) =>
    sendError(req, reply, 404, { statusCode: 404, error: 'Not Found', message: `Nothing at ${req.method} ${(req.url.split('?')[0] ?? '').slice(0, 200)}` }, html),
  )
}

export function httpError(status: number): string {
  return { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 409: 'Conflict', 404: 'Not Found', 414: 'URI Too Long', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Client Error'
}
