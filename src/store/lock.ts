import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/**
 * PGlite has no lock of its own: two processes on one data directory silently lose data.
 *
 * The atlas holds an exclusive OS lock, flock(2), on `atlas.lock` for as long as it runs. The kernel
 * ends that lock when its holder dies, however it dies (kill -9, a container stopped, a crash), so a
 * dead holder's lock is never in the way — whatever PID namespace, host name or PID the restarted
 * process has, and whatever is (or is not) written in the file — while two live processes can never
 * both hold it. Node cannot call flock(2) itself, so a tiny helper holds it: `flock(1)` (util-linux,
 * or busybox), which takes the lock and then waits on a pipe from the atlas; when the atlas exits for
 * any reason the pipe closes, the helper ends, and the kernel drops the lock. The file itself only
 * says who holds it (for the message a second process prints) and is never deleted, so every
 * process locks the same inode. A lock found with a previous holder's details written in it was left
 * by a process that died; taking it over is logged.
 *
 * Without flock(1) (e.g. macOS) the atlas falls back to an exclusive-create lock file judged by
 * process id, as before; it says so at start.
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
  /** The holder whose lock was taken over because it had died (undefined: the lock was free). */
  readonly tookOver?: LockInfo | 'unknown'
  release(): void
}

export interface LockOptions {
  /** How long to wait for a holder that is exiting this very moment (default 3 s). */
  waitSeconds?: number
  /** Where the takeover and the fallback are said (default: standard error). */
  log?: (message: string) => void
  /** Called if the lock is lost while held (its helper was killed): default, the process exits. */
  onLost?: () => void
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo
    return info && typeof info.pid === 'number' ? info : undefined
  } catch {
    return undefined
  }
}

let flockChecked: boolean | undefined
function haveFlock(): boolean {
  if (flockChecked === undefined) {
    const r = spawnSync('flock', ['--version'], { stdio: 'ignore' })
    flockChecked = r.status === 0
  }
  return flockChecked
}

const logToStderr = (m: string) => process.stderr.write(`${m}\n`)

export async function acquireDirLock(dir: string, options: LockOptions = {}): Promise<DirLock> {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'atlas.lock')
  const log = options.log ?? logToStderr
  if (!haveFlock()) {
    log('flock(1) is not installed: falling back to a process-id lock file, which cannot tell a dead holder from a live one across containers. Install util-linux (or busybox) for a safe lock.')
    return acquirePidLock(dir, path)
  }
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  // Exists from now on and is never deleted (every process must lock the same file).
  closeSync(openSync(path, 'a', 0o644))
  const wait = options.waitSeconds ?? 3
  // detached: a Ctrl-C in the terminal must not end the helper before the atlas has closed its database.
  const helper: ChildProcess = spawn('flock', ['--exclusive', '--wait', String(wait), path, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true,
  })
  const outcome = await new Promise<'locked' | 'busy' | Error>((resolve) => {
    helper.stdout!.once('data', () => resolve('locked'))
    helper.once('exit', (code) => resolve(code === 1 ? 'busy' : new Error(`flock ended with code ${code}`)))
    helper.once('error', (e) => resolve(e))
  })
  if (outcome !== 'locked') {
    helper.stdin?.destroy()
    if (outcome === 'busy') throw new DataDirInUseError(dir, readLock(path) ?? { pid: 0, host: 'unknown', since: 'unknown' })
    throw new Error(`Could not lock ${path}: ${outcome.message}`)
  }
  helper.stdout!.destroy()
  helper.unref()
  ;(helper.stdin as unknown as { unref?: () => void })?.unref?.()

  // We hold the lock: anything written in the file was left by a holder that is gone.
  let previous: string
  try {
    previous = readFileSync(path, 'utf8')
  } catch {
    previous = ''
  }
  const before = readLock(path)
  const tookOver: DirLock['tookOver'] = before ?? (previous.trim() ? 'unknown' : undefined)
  if (before) log(`Took over the lock on ${dir} left by process ${before.pid} on ${before.host} (since ${before.since}), which is no longer running.`)
  else if (tookOver) log(`Took over the lock on ${dir}: its file held no readable holder (${JSON.stringify(previous.slice(0, 80))}), and no live process holds it.`)
  writeFileSync(path, JSON.stringify(mine))

  let released = false
  helper.once('exit', () => {
    if (released) return
    log(`The lock on ${dir} was lost (its helper process ended); stopping so that no other process can share the directory.`)
    ;(options.onLost ?? (() => process.exit(70)))()
  })
  const release = () => {
    if (released) return
    released = true
    process.off('exit', release)
    // Still ours: say nobody holds it, then let the helper go (the kernel drops the lock with it).
    try {
      if (readLock(path)?.pid === mine.pid) writeFileSync(path, '')
    } catch {
      /* the directory may be gone */
    }
    helper.stdin?.end()
  }
  process.on('exit', release)
  return { path, tookOver, release }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The fallback without flock(1): an exclusive-create file naming its process. */
function acquirePidLock(dir: string, path: string): DirLock {
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
        if (readLock(path)?.pid === mine.pid) unlinkSync(path)
      }
      process.on('exit', release)
      return { path, release }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = readLock(path)
      if (holder && holder.host === mine.host && !isAlive(holder.pid)) {
        unlinkSync(path)
        continue
      }
      throw new DataDirInUseError(dir, holder ?? { pid: 0, host: 'unknown', since: 'unknown' })
    }
  }
  throw new Error(`Could not take the lock ${path}`)
}
