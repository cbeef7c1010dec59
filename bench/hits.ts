// Cache hits against nginx and bare Fastify serving the same bytes, and cold start: the two
// measurements of issue 18, also runnable alone (a few minutes less than `npm run bench`):
//   node --import tsx bench/hits.ts [dataDir]   (prepares 5,000 synthetic interventions there if empty)
// Each server is pinned to core 0 and wrk to the last core; rounds are interleaved (atlas, nginx,
// bare Fastify, atlas with brotli/gzip negotiated) so drift on a shared machine falls on all alike.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/helpers/process.ts'
import { startNginx, startServer, stopServer, untilWarm } from './load.ts'
import { CORES, pinServer, wrk } from './wrk.ts'

export type Hit = { rps: number[]; cpu: number[] }
export interface HitRow {
  page: string
  atlas: Hit
  nginx: Hit
  bare: Hit
  atlasBr: Hit
}

export const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length)

/** Pages and an asset, each served by the atlas (from its cache), nginx and bare Fastify. */
export async function cacheHits(dataDir: string, o: { roundS: number; rounds?: number; log?: (m: string) => void }): Promise<HitRow[]> {
  const log = o.log ?? (() => {})
  const dir = mkdtempSync(join(tmpdir(), 'atlas-hits-'))
  const atlas = await startServer({ ATLAS_DATA_DIR: dataDir })
  pinServer(atlas.run.child.pid!)
  await untilWarm(atlas.base) // its background builds must not share the core with a measurement
  const PAGES: [string, string][] = [['/interventions', 'interventions.html'], ['/interventions/icdp', 'icdp.html'], ['/assets/atlas.css', 'atlas.css']]
  for (const [path, file] of PAGES) writeFileSync(join(dir, file), Buffer.from(await (await fetch(atlas.base + path)).arrayBuffer()))
  const nginx = await startNginx(dir)
  const barePort = await freePort()
  const bare = spawn(CORES >= 2 ? 'taskset' : process.execPath, [...(CORES >= 2 ? ['-c', '0', process.execPath] : []), '--import', 'tsx', new URL('./bare-server.ts', import.meta.url).pathname, String(barePort), ...PAGES.map(([p, f]) => `${p}=${join(dir, f)}`)], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve) => bare.stdout!.on('data', (d) => String(d).includes('listening') && resolve()))
  const bareBase = `http://127.0.0.1:${barePort}`
  const rows: HitRow[] = []
  try {
    for (const [path, file] of PAGES) {
      const row: HitRow = { page: path, atlas: { rps: [], cpu: [] }, nginx: { rps: [], cpu: [] }, bare: { rps: [], cpu: [] }, atlasBr: { rps: [], cpu: [] } }
      // Warm up every variant (the compressed one is prepared on its first request).
      await wrk(atlas.base, [path], { seconds: 1, connections: 16, threads: 1 })
      await wrk(atlas.base, [path], { seconds: 1, connections: 16, threads: 1, headers: { 'Accept-Encoding': 'br, gzip', 'Accept-Language': 'en' } })
      for (let round = 0; round < (o.rounds ?? 2); round++) {
        for (const [who, base, p, pid, headers] of [
          ['atlas', atlas.base, path, atlas.run.child.pid!, {}],
          ['nginx', nginx.base, `/${file}`, nginx.pid, {}],
          ['bare', bareBase, path, bare.pid!, {}],
          ['atlasBr', atlas.base, path, atlas.run.child.pid!, { 'Accept-Encoding': 'br, gzip', 'Accept-Language': 'en' }],
        ] as const) {
          const r = await wrk(base, [p], { seconds: o.roundS, connections: 16, threads: 1, serverPid: pid, headers })
          if (r.errors) throw new Error(`${who} ${p}: ${r.errors} errors`)
          row[who].rps.push(r.rps)
          row[who].cpu.push(r.cpuUs ?? NaN)
        }
      }
      rows.push(row)
      log(`${path}: atlas ${avg(row.atlas.rps)}/s (${avg(row.atlas.cpu)} µs), nginx ${avg(row.nginx.rps)}/s (${avg(row.nginx.cpu)} µs), bare Fastify ${avg(row.bare.rps)}/s (${avg(row.bare.cpu)} µs), atlas br ${avg(row.atlasBr.rps)}/s (${avg(row.atlasBr.cpu)} µs)`)
    }
  } finally {
    nginx.stop()
    bare.kill('SIGTERM')
    await stopServer(atlas.run)
  }
  return rows
}

/** Milliseconds from process start to the first 200 of `/`, n times, sorted. */
export async function coldStarts(dataDir: string, n = 3): Promise<number[]> {
  const times: number[] = []
  for (let k = 0; k < n; k++) {
    const s = await startServer({ ATLAS_DATA_DIR: dataDir })
    times.push(s.startedMs)
    await stopServer(s.run)
  }
  return times.sort((a, b) => a - b)
}

export const hitTable = (rows: HitRow[]) =>
  `| Page | Server | req/s | CPU µs/req | Share of nginx | Share of bare Fastify |
|---|---|---:|---:|---:|---:|
${rows.map((p) => (['atlas', 'nginx', 'bare', 'atlasBr'] as const).map((k) => `| ${p.page} | ${{ atlas: 'atlas (cache hit)', nginx: 'nginx', bare: 'bare Fastify (Buffer)', atlasBr: 'atlas, brotli/gzip negotiated' }[k]} | ${avg(p[k].rps)} | ${avg(p[k].cpu)} | ${((avg(p[k].rps) / avg(p.nginx.rps)) * 100).toFixed(0)}% | ${((avg(p[k].rps) / avg(p.bare.rps)) * 100).toFixed(0)}% |`).join('\n')).join('\n')}`

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.argv[2] ?? join(tmpdir(), 'atlas-hits-5000')
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true })
    const { openStore } = await import('../src/store/open.ts')
    const { migrateToLatest } = await import('../src/store/migrations/index.ts')
    const { loadCatalogue } = await import('../src/store/catalogue-writer.ts')
    const { readCatalogue } = await import('../src/catalogue/read-files.ts')
    const { addSyntheticInterventions } = await import('./synthetic.ts')
    const store = await openStore({ kind: 'pglite', dataDir })
    await migrateToLatest(store.db)
    await loadCatalogue(store.db, await readCatalogue())
    await addSyntheticInterventions(store.db, 5000, 1, 'uniform')
    await store.close()
  }
  const log = (m: string) => console.error(`[hits] ${m}`)
  const cold = await coldStarts(dataDir, Number(process.env.BENCH_COLD_RUNS ?? 3))
  log(`cold start: ${cold.join(', ')} ms`)
  const rows = await cacheHits(dataDir, { roundS: Number(process.env.BENCH_SECONDS ?? 3), log })
  console.log(`Cold start: ${cold.join(', ')} ms\n\n${hitTable(rows)}`)
}
