// Builds the PGlite template database once before the parallel test files start.
import { pgliteTemplate } from './helpers/store.ts'

const t = Date.now()
await pgliteTemplate()
console.error(`test database template ready (${Date.now() - t} ms)`)
