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
    .url('expected an absolute http(s) URL such as https://atlas.example.org')
    .regex(/^https?:\/\//, 'expected an http(s) URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export interface Config {
  port: number
  host: string
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }
  logLevel: string
  cache: boolean
  trustProxy: boolean
  /** The atlas's public address, for absolute links (feeds, CSV, citations, the data package); no trailing slash. */
  publicUrl: string
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
    // Never from the Host header: a request must not choose the address the atlas cites itself at.
    publicUrl: (e.ATLAS_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
  }
}
