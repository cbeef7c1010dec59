import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project folder (where package.json is), whether running from src/ (tsx) or dist/ (compiled). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('cannot find the project folder (no package.json above the sources)')
    dir = up
  }
  return dir
}

export const ROOT = findRoot()
