import { createHash, randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Role } from '../domain/roles.ts'
import type { Database } from './database.ts'
import { decoyHash, normaliseEmail, verifyPassword } from './users.ts'

/** Sessions live in the database, so every app instance knows them; the cookie holds a random token. */
export const SESSION_HOURS = 8
/**
 * Failed sign-ins allowed within the window: per account *and* address (so nobody elsewhere can lock
 * an owner out: a stranger's failures count against the stranger's address only), and per address
 * over all accounts (so one address cannot try many accounts).
 */
export const LOGIN_LIMIT = { failures: 5, perAddress: 20, windowMinutes: 15 }

const digest = (s: string) => createHash('sha256').update(s).digest('hex')

export interface SessionUser {
  id: number
  email: string
  role: Role
  csrf: string
}

export async function createSession(db: Kysely<Database>, userId: number): Promise<{ token: string; csrf: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url')
  const csrf = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + SESSION_HOURS * 3600_000)
  await db.insertInto('user_session').values({ token_hash: digest(token), user_id: userId, csrf_token: csrf, expires_at: expires }).execute()
  // Old sessions are swept on the way: nothing to schedule.
  await db.deleteFrom('user_session').where('expires_at', '<', new Date()).execute()
  return { token, csrf, expires }
}

export async function sessionUser(db: Kysely<Database>, token: string): Promise<SessionUser | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined
  const row = await db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select(['app_user.id', 'app_user.email', 'app_user.role', 'user_session.csrf_token'])
    .where('user_session.token_hash', '=', digest(token))
    .where('user_session.expires_at', '>', new Date())
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst()
  return row ? { id: row.id, email: row.email, role: row.role, csrf: row.csrf_token } : undefined
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', digest(token)).execute()
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'limited' }

/**
 * Checks a sign-in. Every attempt first reserves a failure, atomically: under an advisory lock on its
 * address and on its account+address pair, the failures in the window are counted and, if under the
 * limits, one is recorded before the password is checked. So 40 parallel wrong passwords check at
 * most 5; the others are refused unchecked. A correct password takes its reservation back (and clears
 * the pair's failures). Failures are keyed by account *and* address: someone who knows an address
 * cannot lock its owner out from elsewhere.
 */
export async function attemptLogin(db: Kysely<Database>, emailInput: string, password: string, address: string): Promise<LoginResult> {
  const email = normaliseEmail(emailInput)
  const pairKey = `pair:${digest(`${email}\u0000${address}`)}`
  const addressKey = `address:${digest(address)}`
  const reserved = await db.transaction().execute(async (tx) => {
    // Always address first, then pair: one order, so no two sign-ins wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(4711300, hashtext(${addressKey}))`.execute(tx)
    await sql`select pg_advisory_xact_lock(4711301, hashtext(${pairKey}))`.execute(tx)
    const since = new Date(Date.now() - LOGIN_LIMIT.windowMinutes * 60_000)
    const counts = await tx
      .selectFrom('login_failure')
      .select(['key', sql<number>`count(*)::int`.as('n')])
      .where('key', 'in', [pairKey, addressKey])
      .where('at', '>', since)
      .groupBy('key')
      .execute()
    const n = (k: string) => counts.find((c) => c.key === k)?.n ?? 0
    if (n(pairKey) >= LOGIN_LIMIT.failures || n(addressKey) >= LOGIN_LIMIT.perAddress) return undefined
    const at = new Date()
    await tx.insertInto('login_failure').values([{ key: pairKey, at }, { key: addressKey, at }]).execute()
    return at
  })
  if (!reserved) return { ok: false, reason: 'limited' }
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'disabled_at']).where('email', '=', email).executeTakeFirst()
  const good = await verifyPassword(password, user?.password_hash ?? (await decoyHash()))
  if (!user || !good || user.disabled_at !== null) {
    // The reservation stands as the failure; old ones are swept on the way.
    await db.deleteFrom('login_failure').where('at', '<', new Date(Date.now() - 24 * 3600_000)).execute()
    return { ok: false, reason: 'invalid' }
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('login_failure').where('key', '=', pairKey).execute()
    await tx.deleteFrom('login_failure').where('key', '=', addressKey).where('at', '=', reserved).execute()
  })
  return { ok: true, userId: user.id }
}
