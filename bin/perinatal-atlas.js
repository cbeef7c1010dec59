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

let main
if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(join(root, 'src'))) {
  ;({ main } = await import('../dist/cli/main.js'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
