import type { Db } from '../store/database.ts'

/** What the web layer needs from outside; the process (env, ports, signals) stays in server.ts. */
export interface AppDeps {
  db: Db
  /** The atlas's public address (ATLAS_PUBLIC_URL, no trailing slash): every absolute link starts with it, never with the request's Host. */
  publicUrl: string
  /** Versioned asset URLs, so browsers may cache them for a year. */
  assets: { css: string; gapMapJs?: string; finderJs?: string }
}
