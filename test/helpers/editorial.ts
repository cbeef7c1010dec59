import { readFileSync } from 'node:fs'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/store/database.ts'
import { createSession } from '../../src/store/sessions.ts'
import { addUser } from '../../src/store/users.ts'

export const PASSWORD = 'a long enough test password'

export interface Curator {
  id: number
  email: string
  role: 'admin' | 'editor' | 'reviewer'
  cookie: string
  csrf: string
}

/** An account with a session, made straight in the store (no scrypt per request). */
export async function curator(db: Kysely<Database>, role: Curator['role'], email = `${role}@example.org`): Promise<Curator> {
  const existing = await db.selectFrom('app_user').select(['id', 'email', 'role']).where('email', '=', email).executeTakeFirst()
  const u = existing ?? (await addUser(db, { email, password: PASSWORD, role }, 'test'))
  const s = await createSession(db, u.id)
  return { id: u.id, email: u.email, role, cookie: `atlas_session=${s.token}`, csrf: s.csrf }
}

export function form(values: Record<string, string | string[]>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
  return p.toString()
}

/** A form POST as the browser sends it, with the curator's cookie and CSRF token. */
export function post(app: FastifyInstance, who: Curator | undefined, url: string, values: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(who ? { cookie: who.cookie } : {}) },
    payload: form({ ...(who ? { _csrf: who.csrf } : {}), ...values }),
  })
}

export function get(app: FastifyInstance, who: Curator | undefined, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} })
}

/** The value of a hidden input in a page (the edit token, a draft revision). */
export function hidden(html: string, name: string): string {
  const m = html.match(new RegExp(`name="${name}" value="([^"]*)"`))
  if (!m) throw new Error(`no hidden input "${name}" in the page`)
  return m[1]!.replace(/&amp;/g, '&')
}

/** A snapshot upload as the editorial import form sends it (multipart), a fixture file as the CEBC listing. */
export function uploadSnapshot(app: FastifyInstance, who: Curator, file: string, retrieved: string, url = '/admin/imports'): Promise<LightMyRequestResponse> {
  const boundary = 'atlasboundary'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${who.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="clearinghouse"\r\n\r\ncebc\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="retrieved"\r\n\r\n${retrieved}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="listing.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    readFileSync(new URL(`../fixtures/${file}`, import.meta.url)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body })
}
