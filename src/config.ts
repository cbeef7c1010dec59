import { resolve } from 'node:path'
import { z } from 'zod'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  ATLAS_DATA_DIR: z.string().min(1).default('.atlas-data'),
  ATLAS_CACHE: z.enum(['on', 'off']).default('on'),
  ATLAS_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  ATLAS_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, 'expected an absolute http(s):// URL without query, e.g. https://atlas.example.org')
    .optional(),
  ATLAS_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(64),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATLAS_WATCH_CONTACT: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(3).max(200).regex(/^[^\s()]+$/, 'expected one e-mail address or web address, no spaces').optional()),
  ATLAS_WATCH_EVERY: z.string().regex(/^(off|\d+(m|h|d))$/, 'expected off, or a period such as 30m, 12h or 1d').default('off'),
  ATLAS_WATCH_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  ATLAS_WATCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  ATLAS_WATCH_MAX_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
  ATLAS_WATCH_RETRY_AFTER_MAX_S: z.coerce.number().int().min(0).max(3600).default(300),
  ATLAS_WATCH_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
})

export interface Config {
  port: number
  host: string
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }
  logLevel: string
  cache: boolean
  trustProxy: boolean
  watch: {
    /** Who to write to about the watch; the watch refuses to run without it. */
    contact: string | null
    /** Run the watch inside `serve` this often (milliseconds), or never (null). */
    everyMs: number | null
    delayMs: number
    timeoutMs: number
    maxBytes: number
    retryAfterMaxMs: number
    failuresBeforeFinding: number
  }
  /** The atlas's public address, for absolute links (feeds, CSV, citations, the data package); no trailing slash. */
  publicUrl: string
  /** Bytes the response cache may hold. */
  cacheBytes: number
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Reads the environment once, at start; a bad value stops the process with a message naming it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid environment: ${msg}`)
  }
  const e = parsed.data
  if (e.ATLAS_WATCH_EVERY !== 'off' && !e.ATLAS_WATCH_CONTACT) throw new Error('Invalid environment: ATLAS_WATCH_EVERY needs ATLAS_WATCH_CONTACT (the address the portals can write to about the watch)')
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(e.ATLAS_DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    cache: e.ATLAS_CACHE === 'on',
    trustProxy: e.ATLAS_TRUST_PROXY === 'on',
    watch: {
      contact: e.ATLAS_WATCH_CONTACT ?? null,
      everyMs: e.ATLAS_WATCH_EVERY === 'off' ? null : Number(e.ATLAS_WATCH_EVERY.slice(0, -1)) * UNIT_MS[e.ATLAS_WATCH_EVERY.slice(-1) as keyof typeof UNIT_MS],
      delayMs: e.ATLAS_WATCH_DELAY_MS,
      timeoutMs: e.ATLAS_WATCH_TIMEOUT_MS,
      maxBytes: e.ATLAS_WATCH_MAX_BYTES,
      retryAfterMaxMs: e.ATLAS_WATCH_RETRY_AFTER_MAX_S * 1000,
      failuresBeforeFinding: e.ATLAS_WATCH_FAILURES,
    },
    // Never from the Host header: a request must not choose the address the atlas cites itself at.
    publicUrl: (e.ATLAS_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    cacheBytes: e.ATLAS_CACHE_MB * 1024 * 1024,
  }
}
