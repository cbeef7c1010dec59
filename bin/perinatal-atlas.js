#!/usr/bin/env node
// Starts from the bundle in dist/ (built by `npm install`, scripts/bundle.js) when it is newer than
// every source file: a cold start then skips transpiling and loading hundreds of small modules.
// Otherwise (a clone being edited, or no build) it runs the TypeScript sources directly through
// tsx, so nothing stale ever runs.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../', import.meta.url).pathname
const stamp = join(root, 'dist', '.built')

function newestSource(dir) {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs)
  }
  return newest
}

const built = existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(join(root, 'src'))
if (!built) {
  const { register } = await import('tsx/esm/api')
  register()
}
// `serve` on the embedded database: its opening starts now and overlaps loading the server
// (src/store/pglite-open.ts); the server takes the opened database (or the error) when it gets there.
const args = process.argv.slice(2)
if (args[0] === 'serve' && !process.env.DATABASE_URL && process.env.ATLAS_DATA_DIR !== '') {
  const { openEarly } = await import(built ? '../dist/store/pglite-open.js' : '../src/store/pglite-open.ts')
  openEarly(process.env.ATLAS_DATA_DIR ?? '.atlas-data')
}
const { main } = await import(built ? '../dist/cli/main.js' : '../src/cli/main.ts')
process.exitCode = await main(args)
