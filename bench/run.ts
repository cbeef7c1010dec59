// `npm run bench`: every benchmark in one unattended run; prints a Markdown report and writes it,
// with the machine's description, to docs/benchmarks.md. Load goes to 127.0.0.1 only, bounded in time.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import { readCatalogue } from '../src/catalogue/read-files.ts'
import { loadCatalogue } from '../src/store/catalogue-writer.ts'
import { migrateToLatest } from '../src/store/migrations/index.ts'
import { openStore, type Store } from '../src/store/open.ts'
import { benchImportDiff } from './import-diff.ts'
import { overload, overloadTable } from './overload.ts'
import { load, rssMb, startNginx, startServer, stopServer } from './load.ts'
import { addSyntheticInterventions } from './synthetic.ts'

const SIZES = [1_000, 5_000, 50_000]
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
const log = (m: string) => console.error(`[bench] ${m}`)
// Measure what users run: the server starts from freshly compiled JavaScript, as after `npm install`.
log('compiling to dist/')
execFileSync('npm', ['run', '--silent', 'compile'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' })
const work = mkdtempSync(join(tmpdir(), 'atlas-bench-'))

// Searches a practitioner might run: text in several languages, a typo, facets, sorts, pages.
const SEARCHES = [
  '/api/v1/interventions?q=bonding', '/api/v1/interventions?q=parent%20support&sort=tier', '/api/v1/interventions?q=vuorovaikutus',
  '/api/v1/interventions?q=tilknytning&need=bonding-attachment-early-interaction', '/api/v1/interventions?q=incredble%20years',
  '/api/v1/interventions?need=lack-of-social-support&grading=nordic', '/api/v1/interventions?tier=strong,moderate&format=group',
  '/api/v1/interventions?prevention=targeted&age=0-3m&page=2', '/api/v1/interventions?clearinghouse=cebc&sort=name',
  '/api/v1/interventions?q=video%20feedback&age=3-12m', '/api/v1/interventions?need=co-parenting,relationship-challenges', '/api/v1/interventions',
]

async function prepare(store: Store, size: number) {
  await migrateToLatest(store.db)
  await loadCatalogue(store.db, await readCatalogue())
  await addSyntheticInterventions(store.db, size)
}

async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN })
  try {
    await c.connect()
    await c.end()
    return true
  } catch {
    return false
  }
}

type Row = { backend: string; size: number; p50: number; p95: number; p99: number; rps: number; errors: number; rssRest?: number; rssLoad?: number }
const search: Row[] = []
let coldStarts: number[] = []
const pgDbs: string[] = []

for (const backend of ['pglite', ...((await pgAvailable()) ? ['postgres'] : [])]) {
  for (const size of SIZES) {
    log(`${backend}: preparing ${size} synthetic interventions`)
    let env: Record<string, string>
    if (backend === 'pglite') {
      const dir = join(work, `pglite-${size}`)
      const store = await openStore({ kind: 'pglite', dataDir: dir })
      await prepare(store, size)
      await store.close()
      env = { ATLAS_DATA_DIR: dir }
    } else {
      const name = `atlas_bench_${size}_${process.pid}`
      const admin = new pg.Client({ connectionString: PG_ADMIN })
      await admin.connect()
      await admin.query(`drop database if exists ${name}`)
      await admin.query(`create database ${name}`)
      await admin.end()
      pgDbs.push(name)
      const url = new URL(PG_ADMIN)
      url.pathname = `/${name}`
      const store = await openStore({ kind: 'postgres', url: url.toString() })
      await prepare(store, size)
      await store.close()
      env = { DATABASE_URL: url.toString() }
    }
    const { run, base } = await startServer({ ...env, ATLAS_CACHE: 'off' })
    await load(base, SEARCHES, { seconds: 1, connections: 4 }) // warm up
    const rssRest = backend === 'pglite' ? rssMb(run.child.pid!) : undefined
    let rssLoad = 0
    const sampler = setInterval(() => (rssLoad = Math.max(rssLoad, rssMb(run.child.pid!))), 200)
    const r = await load(base, SEARCHES, { seconds: SECONDS, connections: 4 })
    clearInterval(sampler)
    search.push({ backend, size, ...r, ...(backend === 'pglite' ? { rssRest, rssLoad } : {}) })
    log(`${backend} ${size}: p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.rps} req/s`)
    await stopServer(run)
    if (backend === 'pglite' && size === 5_000) {
      for (let k = 0; k < 3; k++) {
        const s = await startServer({ ATLAS_DATA_DIR: join(work, `pglite-${size}`) })
        coldStarts.push(s.startedMs)
        await stopServer(s.run)
      }
      coldStarts = coldStarts.sort((a, b) => a - b)
    }
  }
}

// Pages with the atlas's own cache, against nginx serving the same bytes as static files.
log('pages against nginx')
const pagesDir = join(work, 'static')
mkdirSync(pagesDir, { recursive: true })
const atlas = await startServer({ ATLAS_DATA_DIR: join(work, 'pglite-5000') })
const PAGES: [string, string][] = [['/interventions', 'interventions.html'], ['/interventions/icdp', 'icdp.html']]
for (const [path, file] of PAGES) writeFileSync(join(pagesDir, file), await (await fetch(atlas.base + path)).text())
const nginx = await startNginx(pagesDir)
const pages: { page: string; atlas: number; nginx: number; ratio: number }[] = []
for (const [path, file] of PAGES) {
  const a = await load(atlas.base, [path], { seconds: SECONDS, connections: 8 })
  const n = await load(nginx.base, [`/${file}`], { seconds: SECONDS, connections: 8 })
  pages.push({ page: path, atlas: a.rps, nginx: n.rps, ratio: a.rps / n.rps })
  log(`${path}: atlas ${a.rps} req/s, nginx ${n.rps} req/s`)
}
nginx.stop()

// Page weight: compressed bytes of each template's HTML, CSS and JS.
const css = await (await fetch(atlas.base + '/assets/atlas.css')).text()
const weights: { page: string; html: number; css: number; js: number; total: number }[] = []
for (const path of ['/', '/interventions', '/interventions/icdp', '/gap-map', '/finder?needs=lack-of-social-support&stage=0-3m', '/clearinghouses/kasvun-tuki', '/evidence', '/changes', '/about']) {
  const html = await (await fetch(atlas.base + path)).text()
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!)
  let js = 0
  for (const s of scripts) js += gzipSync(await (await fetch(atlas.base + s)).text()).length
  const h = gzipSync(html).length
  const c = gzipSync(css).length
  weights.push({ page: path.split('?')[0]!, html: h, css: c, js, total: h + c + js })
}
await stopServer(atlas.run)

log('snapshot import and diff')
const importRows = await benchImportDiff()

for (const name of pgDbs) {
  const admin = new pg.Client({ connectionString: PG_ADMIN })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}
rmSync(work, { recursive: true, force: true })

log('overload: 200 connections for 15 s on the embedded database')
const overloadRows = await overload({ seconds: 15, connections: 200 })

// The report, each figure beside its target.
const at = (b: string, n: number) => search.find((r) => r.backend === b && r.size === n)
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
// A run in which no request finished has no percentiles: say so rather than print NaN.
const ms = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : `> ${SECONDS * 1000} (none finished)`)
const ratio = (n: number) => (Number.isFinite(n) ? `×${n.toFixed(1)}` : 'not measurable (no search finished at 50,000)')
const yes = (ok: boolean) => (ok ? 'yes' : '**no**')
const p5k = at('pglite', 5_000)!
const growthP = at('pglite', 50_000)!.p95 / at('pglite', 1_000)!.p95
const pgGrowth = at('postgres', 50_000) && at('postgres', 1_000) ? at('postgres', 50_000)!.p95 / at('postgres', 1_000)!.p95 : null
const coldMedian = coldStarts[1] ?? coldStarts[0]!
const rssMax = Math.max(...search.filter((r) => r.rssLoad).map((r) => r.rssLoad!))
const catalogueWeight = weights.find((w) => w.page === '/interventions')!.total
const five = importRows.find((r) => r.size === 5_000)!
const minPageRatio = Math.min(...pages.map((p) => p.ratio))

const report = `# Benchmarks

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, all figures from one run.
Machine: ${machine}. Load from autocannon (4 connections for search, 8 for pages, ${SECONDS} s a
measurement) on 127.0.0.1; the server runs as its own process (\`perinatal-atlas serve\`).
Percentiles come from every response time of the run.

## Targets

| Target | Measured | Met |
|---|---|---|
| Uncached search p95 ≤ 15 ms at 5,000 interventions (embedded) | ${ms(p5k.p95)} ms | ${yes(p5k.p95 <= 15)} |
| Search latency growth 1,000 → 50,000 ≤ 5× (p95, embedded) | ${ratio(growthP)} | ${yes(growthP <= 5)} |
${pgGrowth !== null ? `| Search latency growth 1,000 → 50,000 ≤ 5× (p95, PostgreSQL) | ${ratio(pgGrowth)} | ${yes(pgGrowth <= 5)} |\n` : ''}| Cached page throughput ≥ 50% of nginx for the same bytes | ${(minPageRatio * 100).toFixed(0)}% (lowest of ${pages.length} pages) | ${yes(minPageRatio >= 0.5)} |
| Cold start with an existing embedded data directory ≤ 1.5 s to the first 200 | ${coldMedian} ms (median of 3) | ${yes(coldMedian <= 1500)} |
| Embedded RSS ≤ 400 MB under load | ${rssMax} MB (largest, 50,000 interventions) | ${yes(rssMax <= 400)} |
| Catalogue page ≤ 60 KB compressed (HTML + CSS + JS) | ${kb(catalogueWeight)} | ${yes(catalogueWeight <= 60 * 1024)} |
| Snapshot import + diff of 5,000 records < 2 s | ${five.second} ms | ${yes(five.second < 2000)} |
| 200 connections for 15 s (embedded): no request to /interventions, /api/v1/interventions, /finder times out (10 s) | ${overloadRows.map((r) => `${r.path}: ${r.timeouts} timed out, p99 ${Math.round(r.p99)} ms`).join('; ')} | ${yes(overloadRows.every((r) => r.timeouts === 0))} |

## Search API, uncached (\`ATLAS_CACHE=off\`)

Facets plus full text, ${SEARCHES.length} different queries in turn (text in English, Finnish and Norwegian, a typo, facet filters, sorts, pages).

| Backend | Interventions | p50 (ms) | p95 (ms) | p99 (ms) | Requests/s | Errors | RSS at rest (MB) | RSS under load (MB) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${search.map((r) => `| ${r.backend} | ${r.size.toLocaleString('en')} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.rps} | ${r.errors} | ${r.rssRest ?? '–'} | ${r.rssLoad ?? '–'} |`).join('\n')}

## Pages with the atlas's cache, against nginx serving the same bytes

5,000 interventions, embedded database, uncompressed responses on both sides.

| Page | Atlas (req/s) | nginx (req/s) | Ratio |
|---|---:|---:|---:|
${pages.map((p) => `| ${p.page} | ${p.atlas} | ${p.nginx} | ${(p.ratio * 100).toFixed(0)}% |`).join('\n')}

## Overload: 200 connections for 15 s, embedded database

Each request asks something different (so the response cache cannot answer everything); the client
gives up after 10 s. What the atlas cannot serve in time it should answer at once with 503 and
Retry-After (the bounded request queue), never by letting a request wait out the client.

${overloadTable(overloadRows)}

## Cold start

With an existing embedded data directory (5,000 interventions): ${coldStarts.join(', ')} ms from process start to the first 200 of \`/\`.

## Page weight (gzip)

| Page | HTML | CSS | JS | Total |
|---|---:|---:|---:|---:|
${weights.map((w) => `| ${w.page} | ${kb(w.html)} | ${kb(w.css)} | ${kb(w.js)} | ${kb(w.total)} |`).join('\n')}

## Clearinghouse snapshot import and diff

A synthetic CEBC-shaped listing, then a second snapshot with every 10th record regraded, 2% delisted
and 2% added, imported and diffed against it in one transaction.

| Records | First import (ms) | Import + diff of the next snapshot (ms) | Change events | µs per record |
|---:|---:|---:|---:|---:|
${importRows.map((r) => `| ${r.size.toLocaleString('en')} | ${r.first} | ${r.second} | ${r.events} | ${r.perRecordUs} |`).join('\n')}

The first import of a portal is slower: every record is new, so each is fuzzy-matched against the
catalogue's names and becomes an "added" event; later snapshots reuse the previous snapshot's matches.

${existsSync(new URL('./ANALYSIS.md', import.meta.url)) ? readFileSync(new URL('./ANALYSIS.md', import.meta.url), 'utf8') : ''}`
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), report)
console.log(report)
