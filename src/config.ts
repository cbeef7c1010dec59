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
})

export interface Config {
  port: number
  host: string
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }
  logLevel: string
  cache: boolean
  trustProxy: boolean
  /** The public base URL of every absolute link (feeds, CSV, citations); never taken from a request's Host. */
  publicUrl: string
  /** Bytes the response cache may hold. */
  cacheBytes: number
}

/** Reads the environment once, at start; a bad value stops the process with a message naming it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid environment: ${msg}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(e.ATLAS_DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    cache: e.ATLAS_CACHE === 'on',
    trustProxy: e.ATLAS_TRUST_PROXY === 'on',
    publicUrl: (e.ATLAS_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    cacheBytes: e.ATLAS_CACHE_MB * 1024 * 1024,
  }
}
