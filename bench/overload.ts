// Overload on the embedded database: 200 concurrent connections for 15 s against the catalogue
// page, the search API and the needs finder, each with a different query every request (so the
// response cache cannot answer). Target: no request waits 10 s (the client's time-out); the
// bounded request queue answers what it cannot serve in time with a fast 503 and Retry-After.
// Standalone: `node --import tsx bench/overload.ts`; also part of `npm run bench`.
import autocannon, { type Result } from 'autocannon'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, stopServer } from './load.ts'

export interface OverloadRow {
  path: string
  requests: number
  ok: number
  busy: number
  timeouts: number
  otherErrors: number
  p50: number
  p99: number
  max: number
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

const NEEDS = ['lack-of-social-support', 'bonding-attachment-early-interaction', 'single-parents', 'co-parenting', 'relationship-challenges']
const STAGES = ['pregnancy', '0-3m', '3-12m', '12-24m']
const WORDS = ['bonding', 'parent', 'support', 'video', 'home', 'group', 'father', 'peer', 'infant', 'sleep', 'stress', 'couple']

function pathFor(kind: string, i: number): string {
  const w = `${WORDS[i % WORDS.length]}${i % 7 === 0 ? '' : ` ${WORDS[(i * 7) % WORDS.length]}`}`
  if (kind === '/interventions') return `/interventions?q=${encodeURIComponent(w)}&page=${1 + (i % 3)}&sort=${['relevance', 'tier', 'name'][i % 3]}`
  if (kind === '/api/v1/interventions') return `/api/v1/interventions?q=${encodeURIComponent(w)}&pageSize=${10 + (i % 40)}`
  return `/finder?needs=${NEEDS[i % NEEDS.length]}&needs=${NEEDS[(i + 2) % NEEDS.length]}&stage=${STAGES[i % STAGES.length]}&country=finland`
}

export async function overload(options: { seconds?: number; connections?: number; dataDir?: string } = {}): Promise<OverloadRow[]> {
  const seconds = options.seconds ?? 15
  const connections = options.connections ?? 200
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'atlas-overload-'))
  const rows: OverloadRow[] = []
  const { run, base } = await startServer({ ATLAS_DATA_DIR: dir })
  try {
    for (const kind of ['/interventions', '/api/v1/interventions', '/finder']) {
      let i = 0
      const times: number[] = []
      const codes = new Map<number, number>()
      const result = await new Promise<Result>((resolve, reject) => {
        const inst = autocannon(
          { url: base, connections, duration: seconds, timeout: 10, requests: [{ setupRequest: (req) => ({ ...req, path: pathFor(kind, i++) }) }] },
          (err, r) => (err ? reject(err) : resolve(r)),
        )
        inst.on('response', (_c, status, _b, t) => {
          times.push(t)
          codes.set(status, (codes.get(status) ?? 0) + 1)
        })
      })
      const sorted = times.sort((a, b) => a - b)
      rows.push({
        path: kind,
        requests: times.length + result.timeouts,
        ok: codes.get(200) ?? 0,
        busy: codes.get(503) ?? 0,
        timeouts: result.timeouts,
        otherErrors: result.errors - result.timeouts + [...codes.entries()].filter(([c]) => c !== 200 && c !== 503).reduce((n, [, k]) => n + k, 0),
        p50: pct(sorted, 50),
        p99: pct(sorted, 99),
        max: sorted[sorted.length - 1] ?? NaN,
      })
    }
  } finally {
    await stopServer(run)
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

export function overloadTable(rows: OverloadRow[]): string {
  return `| Path | Requests | 200 | 503 (busy, Retry-After) | Timed out (10 s) | Other errors | p50 (ms) | p99 (ms) | Slowest (ms) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.path} | ${r.requests} | ${r.ok} | ${r.busy} | ${r.timeouts} | ${r.otherErrors} | ${Math.round(r.p50)} | ${Math.round(r.p99)} | ${Math.round(r.max)} |`).join('\n')}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await overload()
  console.log(overloadTable(rows))
  process.exit(rows.some((r) => r.timeouts > 0 || r.otherErrors > 0) ? 1 : 0)
}
