import type { FastifyInstance } from 'fastify'
import { BadRequestError } from './errors.ts'

/**
 * Rules every text a client sends must keep, whatever the route: no NUL character. PostgreSQL's
 * text cannot hold U+0000, so such a value would otherwise reach the database and fail there (a 500);
 * it is refused here with a 400 naming where it was. Checked before validation, for the query, the
 * path parameters and the body (form fields and uploads' field values; file contents are checked
 * by the importer).
 */
export function findNul(value: unknown, where: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? where : undefined
  if (depth > 5 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${where} name`
    const found = findNul(v, `${where} "${k.slice(0, 60)}"`, depth + 1)
    if (found) return found
  }
  return undefined
}

export function registerInputRules(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const where = findNul(req.query, 'query parameter') ?? findNul(req.params, 'path parameter') ?? findNul(req.body, 'body field')
    if (where) throw new BadRequestError(`Invalid ${where}: it contains a NUL character (%00), which no text may hold`)
  })
}
