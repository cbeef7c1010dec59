// `npm run bench`: every benchmark in one unattended run; prints a Markdown report and writes it,
// with the machine's description, to docs/benchmarks.md. Load goes to 127.0.0.1 only, bounded in time.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
import { rssMb, startServer, stopServer, untilWarm } from './load.ts'
import { addSyntheticInterventions, queryWords, type VocabularyKind } from './synthetic.ts'
import { CORES, ensureWrk, pinServer, wrk, type WrkResult } from './wrk.ts'
import { avg, cacheHits, coldStarts as measureColdStarts, hitTable } from './hits.ts'

const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,50000').split(',').map(Number) as [number, number, number] // small sizes: a smoke run
const [SMALL, MID, LARGE] = SIZES
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
const log = (m: string) => console.error(`[bench] ${m}`)
const benchStart = performance.now()
// Measure what users run: the server starts from a fresh bundle, as after `npm install`.
log('bundling to dist/')
execFileSync('npm', ['run', '--silent', 'compile'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' })
ensureWrk()
const work = mkdtempSync(join(tmpdir(), 'atlas-bench-'))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Searches a practitioner might run: text in several languages, a typo, facets, sorts, pages (repeated in turn).
const SEARCHES = [
  '/api/v1/interventions?q=bonding', '/api/v1/interventions?q=parent%20support&sort=tier', '/api/v1/interventions?q=vuorovaikutus',
  '/api/v1/interventions?q=tilknytning&need=bonding-attachment-early-interaction', '/api/v1/interventions?q=incredble%20years',
  '/api/v1/interventions?need=lack-of-social-support&grading=nordic', '/api/v1/interventions?tier=strong,moderate&format=group',
  '/api/v1/interventions?prevention=targeted&age=0-3m&page=2', '/api/v1/interventions?clearinghouse=cebc&sort=name',
  '/api/v1/interventions?q=video%20feedback&age=3-12m', '/api/v1/interventions?need=co-parenting,relationship-challenges', '/api/v1/interventions',
]
/** First-time queries: words (one or two, five languages) drawn like the catalogue's own, each asked once. */
const firstTime = (kind: VocabularyKind) => queryWords(kind, 30_000).map((q) => `/api/v1/interventions?q=${encodeURIComponent(q)}`)
const FINDER = ['/finder?needs=lack-of-social-support&stage=0-3m', '/finder?needs=single-parents', '/finder?needs=bonding-attachment-early-interaction,co-parenting&stage=pregnancy']

async function prepare(store: Store, size: number, vocabulary: VocabularyKind) {
  await migrateToLatest(store.db)
  await loadCatalogue(store.db, await readCatalogue())
  await addSyntheticInterventions(store.db, size, 1, vocabulary)
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

/** A server started, pinned to its core, and given time to build its search index in the background. */
async function serverFor(env: Record<string, string>, size: number) {
  const s = await startServer(env)
  pinServer(s.run.child.pid!)
  await sleep(1000 + size / 5) // the index builds in ~0.1 ms per intervention here, off the request path: give it twice that
  // The server builds the search index and then the finder's catalogue in the background after its
  // first response; at 50,000 the second takes seconds of CPU, which a measurement must not overlap.
  // One search and one finder request wait for both (they share the same per-revision build).
  await Promise.all([fetch(`${s.base}/api/v1/interventions?q=warm`), fetch(`${s.base}${FINDER[0]}`)])
  // And for the list items it reads ahead (/healthz says when the whole warm-up is done).
  await untilWarm(s.base)
  return s
}

type Row = { backend: string; vocabulary: VocabularyKind; size: number; repeated: WrkResult; first: WrkResult; rssRest?: number; rssLoad?: number }
const search: Row[] = []
let coldStarts: number[] = []
const pgDbs: string[] = []
let finder: { single: WrkResult; crowd: WrkResult } | undefined
const largest: { page: string; bytes: number; ms: number }[] = []
const PAGE_TIMEOUT_S = Number(process.env.BENCH_PAGE_TIMEOUT_S ?? 10)
let rss50k: { rest: number; pages: number } | undefined
const dirOf = (vocabulary: string, size: number) => join(work, `pglite-${vocabulary}-${size}`)

const backendsRun = ['pglite', ...((await pgAvailable()) ? ['postgres'] : [])]
for (const backend of backendsRun) {
  for (const vocabulary of ['uniform', 'realistic'] as VocabularyKind[]) {
    for (const size of SIZES) {
      log(`${backend}/${vocabulary}: preparing ${size} synthetic interventions`)
      let env: Record<string, string>
      if (backend === 'pglite') {
        const dir = dirOf(vocabulary, size)
        const store = await openStore({ kind: 'pglite', dataDir: dir })
        await prepare(store, size, vocabulary)
        await store.close()
        env = { ATLAS_DATA_DIR: dir }
      } else {
        const name = `atlas_bench_${vocabulary}_${size}_${process.pid}`
        const admin = new pg.Client({ connectionString: PG_ADMIN })
        await admin.connect()
        await admin.query(`drop database if exists ${name}`)
        await admin.query(`create database ${name}`)
        await admin.end()
        pgDbs.push(name)
        const url = new URL(PG_ADMIN)
        url.pathname = `/${name}`
        const store = await openStore({ kind: 'postgres', url: url.toString() })
        await prepare(store, size, vocabulary)
        await store.close()
        env = { DATABASE_URL: url.toString() }
      }
      const { run, base } = await serverFor({ ...env, ATLAS_CACHE: 'off' }, size)
      const pid = run.child.pid!
      await wrk(base, SEARCHES, { seconds: 1, connections: 4 }) // warm up
      const rssRest = backend === 'pglite' ? rssMb(pid) : undefined
      let rssLoad = 0
      const sampler = setInterval(() => (rssLoad = Math.max(rssLoad, rssMb(pid))), 200)
      const repeated = await wrk(base, SEARCHES, { seconds: SECONDS, connections: 4, serverPid: pid })
      const first = await wrk(base, firstTime(vocabulary), { seconds: SECONDS, connections: 4, serverPid: pid })
      clearInterval(sampler)
      search.push({ backend, vocabulary, size, repeated, first, ...(backend === 'pglite' ? { rssRest, rssLoad } : {}) })
      log(`${backend}/${vocabulary} ${size}: repeated p95 ${repeated.p95} ms (${repeated.rps}/s), first-time p95 ${first.p95} ms (${first.rps}/s)`)
      if (backend === 'pglite' && vocabulary === 'uniform' && size === MID) {
        const single = await wrk(base, FINDER, { seconds: SECONDS, connections: 1, serverPid: pid })
        const crowd = await wrk(base, FINDER, { seconds: SECONDS, connections: 200, threads: 1, serverPid: pid, timeoutS: 5 })
        finder = { single, crowd }
        log(`finder: p95 ${single.p95} ms alone, ${crowd.p95} ms under 200 connections, ${crowd.timeouts} timeouts`)
      }
      await stopServer(run)
      if (backend === 'pglite' && vocabulary === 'uniform' && size === MID) {
        coldStarts = await measureColdStarts(dirOf(vocabulary, size), 3)
      }
      if (backend === 'pglite' && vocabulary === 'uniform' && size === LARGE) {
        // Every page template at 50,000, its uncompressed size, and the memory they leave behind.
        const s = await serverFor({ ATLAS_DATA_DIR: dirOf(vocabulary, size) }, size)
        const rest = rssMb(s.run.child.pid!)
        const chs = readdirSync(new URL('../data/clearinghouses/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => `/clearinghouses/${f.slice(0, -5)}`)
        let peak = rest
        for (const page of ['/', '/interventions', '/interventions?pageSize=100', '/gap-map', '/gap-map?scope=all', ...FINDER, '/clearinghouses', ...chs, '/evidence', '/changes', '/about']) {
          // Bounded: a page that takes longer than PAGE_TIMEOUT_S is recorded as such, not waited for.
          const t0 = performance.now()
          try {
            const res = await fetch(s.base + page, { signal: AbortSignal.timeout(PAGE_TIMEOUT_S * 1000) })
            largest.push({ page, bytes: (await res.arrayBuffer()).byteLength, ms: Math.round(performance.now() - t0) })
          } catch {
            largest.push({ page, bytes: NaN, ms: Math.round(performance.now() - t0) })
            // The server goes on with an abandoned request: wait for it, or every later page is timed
            // behind it and reported as not finished too (all the clearinghouse pages were, once).
            await fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(600_000) }).catch(() => undefined)
          }
          peak = Math.max(peak, rssMb(s.run.child.pid!))
        }
        largest.sort((a, b) => (Number.isNaN(b.bytes) ? Infinity : b.bytes) - (Number.isNaN(a.bytes) ? Infinity : a.bytes))
        rss50k = { rest, pages: peak }
        await stopServer(s.run)
      }
    }
  }
}

// Cache hits: the atlas, nginx and bare Fastify serving the same bytes, each pinned to the same core,
// interleaved (atlas, nginx, bare, then again) so drift on the machine falls on all three alike (bench/hits.ts).
log('cache hits against nginx and bare Fastify')
const ROUND_S = Math.max(3, Math.round(SECONDS / 2))
const pages = await cacheHits(dirOf('uniform', MID), { roundS: ROUND_S, log })
const atlas = await startServer({ ATLAS_DATA_DIR: dirOf('uniform', MID) })

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
// 20,000: the most records one snapshot file may hold (SNAPSHOT_LIMITS.records); a larger one is refused.
const importRows = await benchImportDiff((process.env.BENCH_IMPORT_SIZES ?? '5000,20000').split(',').map(Number))

for (const name of pgDbs) {
  const admin = new pg.Client({ connectionString: PG_ADMIN })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}
rmSync(work, { recursive: true, force: true })

// The report, each figure beside its target.
const at = (b: string, v: VocabularyKind, n: number) => search.find((r) => r.backend === b && r.vocabulary === v && r.size === n)
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : String(Math.round(n))) : '–')
const yes = (ok: boolean) => (ok ? 'yes' : '**no**')
const targets: string[] = []
for (const b of backendsRun) {
  for (const v of ['uniform', 'realistic'] as VocabularyKind[]) {
    const five = at(b, v, MID)!
    const worst5k = Math.max(five.repeated.p95, five.first.p95)
    targets.push(`| Search p95 ≤ 15 ms at 5,000 (${b}, ${v} vocabulary; repeated / first-time queries) | ${ms(five.repeated.p95)} / ${ms(five.first.p95)} ms | ${yes(worst5k <= 15)} |`)
    const g = (k: 'repeated' | 'first') => at(b, v, LARGE)![k].p95 / at(b, v, SMALL)![k].p95
    targets.push(`| Search p95 growth 1,000 → 50,000 ≤ 5× (${b}, ${v}; repeated / first-time) | ×${g('repeated').toFixed(1)} / ×${g('first').toFixed(1)} | ${yes(Math.max(g('repeated'), g('first')) <= 5)} |`)
  }
}
if (finder) {
  targets.push(`| Finder p95 ≤ 50 ms, one request at a time (embedded, 5,000) | ${ms(finder.single.p95)} ms | ${yes(finder.single.p95 <= 50)} |`)
  targets.push(`| Finder p95 ≤ 50 ms and no timeouts under 200 connections | ${ms(finder.crowd.p95)} ms, ${finder.crowd.timeouts} timeouts (5 s), ${finder.crowd.rps} req/s | ${yes(finder.crowd.p95 <= 50 && finder.crowd.timeouts === 0)} |`)
}
const ratioOf = (p: (typeof pages)[number], k: 'nginx' | 'bare') => avg(p.atlas.rps) / avg(p[k].rps)
const minNginx = Math.min(...pages.map((p) => ratioOf(p, 'nginx')))
const minBare = Math.min(...pages.map((p) => ratioOf(p, 'bare')))
targets.push(`| Cache hits ≥ 50% of nginx for the same bytes | ${(minNginx * 100).toFixed(0)}% (lowest of ${pages.length} pages) | ${yes(minNginx >= 0.5)} |`)
targets.push(`| Cache hits ≥ 80% of bare Fastify serving the same bytes as a Buffer | ${(minBare * 100).toFixed(0)}% (lowest of ${pages.length} pages) | ${yes(minBare >= 0.8)} |`)
const coldMedian = coldStarts[1] ?? coldStarts[0]!
targets.push(`| Cold start ≤ 1.5 s to the first 200 (embedded, 5,000) | ${coldMedian} ms (median of 3) | ${yes(coldMedian <= 1500)} |`)
const rss5k = Math.max(...search.filter((r) => r.backend === 'pglite' && r.size === MID).map((r) => r.rssLoad ?? 0))
const rss50kLoad = Math.max(...search.filter((r) => r.backend === 'pglite' && r.size === LARGE).map((r) => r.rssLoad ?? 0), rss50k?.pages ?? 0)
targets.push(`| Embedded memory ≤ 400 MB at 5,000 (under search load) | ${rss5k} MB | ${yes(rss5k <= 400)} |`)
targets.push(`| Embedded memory ≤ 500 MB at 50,000 (under search load, and after every page) | ${rss50kLoad} MB | ${yes(rss50kLoad <= 500)} |`)
if (largest[0]) targets.push(`| No page over 1 MB at 50,000 | ${largest[0].page}: ${Number.isNaN(largest[0].bytes) ? `not finished in ${PAGE_TIMEOUT_S} s` : `${(largest[0].bytes / 2 ** 20).toFixed(2)} MB`} | ${yes(largest[0].bytes <= 2 ** 20)} |`)
const catalogueWeight = weights.find((w) => w.page === '/interventions')!.total
targets.push(`| Catalogue page ≤ 60 KB compressed (HTML + CSS + JS) | ${kb(catalogueWeight)} | ${yes(catalogueWeight <= 60 * 1024)} |`)
const fiveImport = (importRows.find((r) => r.size === 5000) ?? importRows[0]!)
targets.push(`| Snapshot import + diff of 5,000 records < 2 s | ${fiveImport.second} ms | ${yes(fiveImport.second < 2000)} |`)
// Issue 17's overload check: 200 connections for 15 s against the embedded database (shipped catalogue).
log('overload: 200 connections for 15 s on the embedded database')
const overloadRows = await overload({ seconds: 15, connections: 200 })
targets.push(`| 200 connections for 15 s (embedded): no request to /interventions, /api/v1/interventions, /finder times out (10 s) | ${overloadRows.map((r) => `${r.path}: ${r.timeouts} timed out, p99 ${Math.round(r.p99)} ms`).join('; ')} | ${yes(overloadRows.every((r) => r.timeouts === 0))} |`)
const minutes = ((performance.now() - benchStart) / 60_000).toFixed(1)

const report = `# Benchmarks

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, all figures from one run (${minutes} minutes).
Machine: ${machine}. Load from **wrk** (Debian's package; a C client that outruns the server here, where
autocannon topped out at 7–9k requests/s), ${SECONDS} s a measurement, on 127.0.0.1. ${CORES >= 2 ? 'The server under test (the atlas, nginx or bare Fastify) is pinned to core 0 and wrk to the last core (taskset); PostgreSQL itself is not pinned.' : 'One core: server and client share it.'}
The atlas runs as its own process (\`perinatal-atlas serve\`, compiled JavaScript). CPU per request is the
server process's utime + stime over the measurement divided by the requests answered. Latency
percentiles are wrk's, over every response.

## Targets

| Target | Measured | Met |
|---|---|---|
${targets.join('\n')}

## 200 connections on the embedded database (issue 17)

${overloadTable(overloadRows)}

## Search API, uncached (\`ATLAS_CACHE=off\`)

Synthetic interventions beside the shipped catalogue, 4 connections. *Repeated*: ${SEARCHES.length} searches in turn (text in
English, Finnish and Norwegian, a typo, facets, sorts, pages). *First-time*: one- and two-word queries never asked
before in the run (five languages), drawn like the descriptions' words. *Uniform* vocabulary: descriptions from a
few dozen words per language (each query word matches much of the catalogue); *realistic*: Zipf-distributed
over ~3,000 words per language (most words rare, a few common).

| Backend | Vocabulary | Interventions | Repeated p50 / p95 / p99 (ms) | req/s | CPU µs/req | First-time p50 / p95 / p99 (ms) | req/s | CPU µs/req | Errors | RSS at rest / under load (MB) |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${search.map((r) => `| ${r.backend} | ${r.vocabulary} | ${r.size.toLocaleString('en')} | ${ms(r.repeated.p50)} / ${ms(r.repeated.p95)} / ${ms(r.repeated.p99)} | ${r.repeated.rps} | ${r.repeated.cpuUs} | ${ms(r.first.p50)} / ${ms(r.first.p95)} / ${ms(r.first.p99)} | ${r.first.rps} | ${r.first.cpuUs} | ${r.repeated.errors + r.first.errors} | ${r.rssRest ?? '–'} / ${r.rssLoad ?? '–'} |`).join('\n')}

## Needs finder (never cached), embedded, 5,000

| Load | p50 (ms) | p95 (ms) | p99 (ms) | req/s | CPU µs/req | Timeouts (5 s) | Errors |
|---|---:|---:|---:|---:|---:|---:|---:|
${finder ? [['one at a time', finder.single], ['200 connections', finder.crowd]].map(([k, r]) => { const x = r as WrkResult; return `| ${k} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${x.rps} | ${x.cpuUs} | ${x.timeouts} | ${x.errors} |` }).join('\n') : ''}

## Cache hits against nginx and bare Fastify serving the same bytes

5,000 interventions, embedded database, 16 connections, each server on one core; interleaved
(atlas, nginx, bare Fastify, atlas with \`Accept-Encoding: br, gzip\`; twice, ${ROUND_S} s each), averaged.
Uncompressed on all three but the last row of each page.

${hitTable(pages)}

## Cold start

With an existing embedded data directory (5,000 interventions): ${coldStarts.join(', ')} ms from process start to the first 200 of \`/\`.

## Largest pages at 50,000 (embedded, uncompressed)

Memory at rest ${rss50k?.rest ?? '–'} MB; highest while rendering them ${rss50k?.pages ?? '–'} MB.

| Page | Size | Time to render (ms) |
|---|---:|---:|
${largest.map((l) => `| ${l.page} | ${Number.isNaN(l.bytes) ? `not finished in ${PAGE_TIMEOUT_S} s` : kb(l.bytes)} | ${l.ms} |`).join('\n')}

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

${existsSync(new URL('./ANALYSIS.md', import.meta.url)) ? readFileSync(new URL('./ANALYSIS.md', import.meta.url), 'utf8') : ''}`
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), report)
console.log(report)
