import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { Kysely } from 'kysely'
import { isRole, type Role } from '../domain/roles.ts'
import type { Database } from './database.ts'
import { recordAudit } from './audit.ts'

/**
 * Passwords are hashed with scrypt (Node's own, memory-hard: N=2^15, r=8 → 32 MiB per hash), a
 * random salt each. The parameters are stored with the hash so they can be raised later.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEYLEN = 32

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))))
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, KEYLEN, PARAMS)
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem })
  return timingSafeEqual(actual, expected)
}

/** A hash of a password nobody has: sign-ins to unknown accounts take as long as real ones. */
let decoy: Promise<string> | undefined
export const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')))

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 200

export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function checkNewUser(email: string, password: string, role: string): string[] {
  const problems: string[] = []
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) problems.push(`"${email}" is not an email address`)
  if (password.length < PASSWORD_MIN) problems.push(`the password must be at least ${PASSWORD_MIN} characters`)
  if (password.length > PASSWORD_MAX) problems.push(`the password must be at most ${PASSWORD_MAX} characters`)
  if (!isRole(role)) problems.push(`the role must be admin, editor or reviewer, not "${role}"`)
  return problems
}

export async function addUser(db: Kysely<Database>, input: { email: string; password: string; role: string }, actor: string): Promise<{ id: number; email: string; role: Role }> {
  const email = normaliseEmail(input.email)
  const problems = checkNewUser(email, input.password, input.role)
  if (problems.length) throw new UserError(`Cannot add the account: ${problems.join('; ')}.`)
  const taken = await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()
  if (taken) throw new UserError(`Cannot add the account: ${email} already has one.`)
  const password_hash = await hashPassword(input.password)
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('app_user').values({ email, role: input.role as Role, password_hash, disabled_at: null }).returning(['id', 'email', 'role']).executeTakeFirstOrThrow()
    await recordAudit(tx, { actor, action: 'user.add', kind: 'user', recordId: email, after: { email, role: row.role } })
    return row
  })
}

export async function listUsers(db: Kysely<Database>) {
  return db.selectFrom('app_user').select(['id', 'email', 'role', 'created_at', 'disabled_at']).orderBy('email').execute()
}

/** Changes a role or disables/enables an account; a disabled account's sessions end at once. */
export async function updateUser(db: Kysely<Database>, id: number, change: { role?: Role; disabled?: boolean }, actor: { id: number; email: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('app_user').select(['email', 'role', 'disabled_at']).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw new UserError('There is no such account.')
    if (id === actor.id && (change.disabled || (change.role && change.role !== 'admin'))) throw new UserError('You cannot disable your own account or take away your own admin role.')
    const set = {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled_at: change.disabled ? new Date() : null } : {}),
    }
    const after = await tx.updateTable('app_user').set(set).where('id', '=', id).returning(['email', 'role', 'disabled_at']).executeTakeFirstOrThrow()
    if (change.disabled || change.role) await tx.deleteFrom('user_session').where('user_id', '=', id).execute()
    await recordAudit(tx, { actor: actor.email, action: 'user.update', kind: 'user', recordId: before.email, before: { role: before.role, disabled: before.disabled_at !== null }, after: { role: after.role, disabled: after.disabled_at !== null } })
  })
}
