// Load measurements against real server processes on 127.0.0.1, bounded in time.
import autocannon from 'autocannon'
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, runCli, waitFor, type Run } from '../test/helpers/process.ts'

export interface LoadResult {
  p50: number
  p95: number
  p99: number
  rps: number
  errors: number
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** Runs autocannon over the paths in turn; percentiles from every response time (autocannon's summary has no p95). */
export function load(base: string, paths: string[], o: { seconds: number; connections: number }): Promise<LoadResult> {
  let i = 0
  const times: number[] = []
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      { url: base, connections: o.connections, duration: o.seconds, requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] },
      (err, r) => {
        if (err) return reject(err)
        const sorted = times.sort((a, b) => a - b)
        resolve({ p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), rps: Math.round(r.requests.average), errors: r.non2xx + r.errors })
      },
    )
    inst.on('response', (_c, _s, _b, t) => times.push(t))
  })
}

export async function startServer(env: Record<string, string>): Promise<{ run: Run; base: string; startedMs: number }> {
  const port = await freePort()
  const t = performance.now()
  const run = runCli(['serve'], { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.output()}`)
    try {
      if ((await fetch(`${base}/`)).status === 200) break
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  return { run, base, startedMs: Math.round(performance.now() - t) }
}

/** Waits until the server's background warm-up (search index, finder catalogue, list items) is done, as /healthz reports. */
export async function untilWarm(base: string, ms = 300_000): Promise<void> {
  for (const t = Date.now(); Date.now() - t < ms; await new Promise((r) => setTimeout(r, 100))) {
    if (((await (await fetch(`${base}/healthz`)).json()) as { warm?: boolean }).warm) return
  }
}

export async function stopServer(run: Run): Promise<void> {
  run.child.kill('SIGTERM')
  await run.exited
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : NaN
}

/** nginx from Debian's packages, installed here if missing, serving a folder on a free port. */
export async function startNginx(root: string): Promise<{ base: string; pid: number; stop: () => void }> {
  if (!existsSync('/usr/sbin/nginx')) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  const port = await freePort()
  const prefix = mkdtempSync(join(tmpdir(), 'atlas-nginx-'))
  mkdirSync(join(prefix, 'logs'))
  for (const d of [prefix, root]) chmodSync(d, 0o755)
  const conf = join(prefix, 'nginx.conf')
  writeFileSync(conf, `worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/logs/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; keepalive_requests 100000; types { text/html html; }
  server { listen 127.0.0.1:${port}; root ${root}; location / { try_files $uri =404; } } }
`)
  // Pinned to the server's core (0) when there are two or more, as the atlas is (bench/wrk.ts).
  const nginxArgs = ['-c', conf, '-p', prefix, '-g', 'daemon off;']
  const child = cpus().length >= 2 ? spawn('taskset', ['-c', '0', '/usr/sbin/nginx', ...nginxArgs], { stdio: 'ignore' }) : spawn('/usr/sbin/nginx', nginxArgs, { stdio: 'ignore' })
  const base = `http://127.0.0.1:${port}`
  for (let k = 0; k < 100; k++) {
    try {
      await fetch(base + '/')
      break
    } catch {
      await new Promise((r) => setTimeout(r, 30))
    }
  }
  // The worker answers: its CPU time is the one to compare (taskset execs nginx, so child.pid is the master).
  let pid = child.pid!
  try {
    pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]) || pid
  } catch {
    /* no /proc children file: count the master */
  }
  return { base, pid, stop: () => child.kill('SIGTERM') }
}

export { waitFor }
