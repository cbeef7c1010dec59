import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/**
 * PGlite has no lock of its own: two processes on one data directory silently lose data.
 * The atlas holds an exclusive lock file (created with O_EXCL) naming its process; a second
 * opener is refused while that process lives. A lock left by a process that died is taken over.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
        `Stop that process first, or set ATLAS_DATA_DIR to another directory.`,
    )
    this.name = 'DataDirInUseError'
  }
}

export interface LockInfo {
  pid: number
  host: string
  since: string
}

export interface DirLock {
  readonly path: string
  release(): void
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo
    return typeof info.pid === 'number' ? info : undefined
  } catch {
    return undefined
  }
}

export function acquireDirLock(dir: string): DirLock {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'atlas.lock')
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644)
      writeSync(fd, JSON.stringify(mine))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        // Remove it only while it is still ours.
        if (readLock(path)?.pid === mine.pid) unlinkSync(path)
      }
      process.on('exit', release)
      return { path, release }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = readLock(path)
      // A lock being written this instant has no content yet: treat it as held.
      if (!holder) throw new DataDirInUseError(dir, { pid: 0, host: 'unknown', since: 'just now' })
      if (holder.host === mine.host && !isAlive(holder.pid)) {
        unlinkSync(path) // stale: its process is gone
        continue
      }
      throw new DataDirInUseError(dir, holder)
    }
  }
  throw new Error(`Could not take the lock ${path}`)
}
