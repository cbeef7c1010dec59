// Load from wrk (Debian's package, installed here if missing): a C client that outruns the server
// on this machine, where autocannon tops out at 7–9k requests/s. The server and the client are
// pinned to different cores when the machine has two or more (taskset), and the server's CPU time
// (utime + stime from /proc) is recorded beside its requests per second.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'

export interface WrkResult {
  p50: number
  p95: number
  p99: number
  rps: number
  errors: number
  timeouts: number
  requests: number
  /** The server's CPU time per request, in µs (when its pid was given). */
  cpuUs?: number
}

export const CORES = cpus().length
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100)

export function ensureWrk(): void {
  if (existsSync('/usr/bin/wrk')) return
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/** Pins a process and all its threads to one core (the server's), leaving the last for the client. */
export function pinServer(pid: number): void {
  if (CORES < 2) return
  try {
    execFileSync('taskset', ['-a', '-cp', '0', String(pid)], { stdio: 'ignore' })
  } catch {
    /* not allowed here: run unpinned */
  }
}

export function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(f[11]) + Number(f[12]) // utime, stime (fields 14 and 15)
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/**
 * Runs wrk over the paths in turn. With `once`, one thread walks the list once per request (each
 * path at most once while the list lasts: first-time queries). Latency percentiles from wrk's
 * histogram of every response, in ms.
 */
export async function wrk(base: string, paths: string[], o: { seconds: number; connections: number; threads?: number; headers?: Record<string, string>; serverPid?: number; timeoutS?: number }): Promise<WrkResult> {
  ensureWrk()
  const threads = Math.min(o.threads ?? 2, o.connections)
  const dir = mkdtempSync(join(tmpdir(), 'atlas-wrk-'))
  const script = join(dir, 'paths.lua')
  const headers = Object.entries(o.headers ?? {}).map(([k, v]) => `[${luaString(k)}]=${luaString(v)}`).join(',')
  writeFileSync(script, `local paths = {${paths.map(luaString).join(',')}}
local n = #paths
local counter = 0
offset = 0
local threads = {}
local k = 0
function setup(thread) thread:set("offset", k * math.floor(n / ${threads})); k = k + 1; table.insert(threads, thread) end
function init(args) counter = offset end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % n) + 1], {${headers}})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests, summary.duration, e.connect + e.read + e.write, e.status, e.timeout))
end
`)
  const args = ['-t', String(threads), '-c', String(o.connections), '-d', `${o.seconds}s`, '--timeout', `${o.timeoutS ?? 5}s`, '-s', script, base]
  const before = o.serverPid ? cpuTicks(o.serverPid) : 0
  const out = await new Promise<string>((resolve, reject) => {
    const cmd = CORES >= 2 ? 'taskset' : 'wrk'
    const child = spawn(cmd, CORES >= 2 ? ['-c', String(CORES - 1), 'wrk', ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout.on('data', (d) => (text += d))
    child.stderr.on('data', (d) => (text += d))
    child.on('error', reject)
    child.on('exit', () => resolve(text))
  })
  const after = o.serverPid ? cpuTicks(o.serverPid) : 0
  const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out)
  if (!m) throw new Error(`wrk: ${out}`)
  const [p50, p95, p99, requests, durationUs, sockErr, status, timeouts] = m.slice(1).map(Number) as number[]
  return {
    p50: p50! / 1000, p95: p95! / 1000, p99: p99! / 1000,
    rps: Math.round(requests! / (durationUs! / 1e6)),
    errors: sockErr! + status! + timeouts!, timeouts: timeouts!, requests: requests!,
    ...(o.serverPid ? { cpuUs: requests ? Math.round(((after - before) * TICK_US) / requests!) : NaN } : {}),
  }
}
