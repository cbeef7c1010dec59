// A targeted run of what `npm run bench` measures under "Largest pages at 50,000", without the rest:
// every page template, its JSON twin and the exports that grow with the catalogue, one at a time, with
// their uncompressed size, time and the server's RSS, then RSS under a short search load.
//   node --import tsx bench/pages-at-size.ts [SIZE=50000] [DATA_DIR]
// The data directory is prepared once (shipped catalogue + SIZE synthetic interventions) and reused.
import { existsSync, readdirSync } from 'node:fs'
import { readCatalogue } from '../src/catalogue/read-files.ts'
import { loadCatalogue } from '../src/store/catalogue-writer.ts'
import { migrateToLatest } from '../src/store/migrations/index.ts'
import { openStore } from '../src/store/open.ts'
import { load, rssMb, startServer, stopServer, untilWarm } from './load.ts'
import { addSyntheticInterventions } from './synthetic.ts'

const size = Number(process.argv[2] ?? 50_000)
const dir = process.argv[3] ?? `/tmp/atlas-pages-${size}`
const TIMEOUT_S = Number(process.env.PAGE_TIMEOUT_S ?? 60)

if (!existsSync(dir)) {
  console.error(`preparing ${size} synthetic interventions in ${dir}`)
  const store = await openStore({ kind: 'pglite', dataDir: dir })
  await migrateToLatest(store.db)
  await loadCatalogue(store.db, await readCatalogue())
  await addSyntheticInterventions(store.db, size, 1, 'uniform')
  await store.close()
}

const s = await startServer({ ATLAS_DATA_DIR: dir, ...(process.env.ATLAS_CACHE ? { ATLAS_CACHE: process.env.ATLAS_CACHE } : {}) })
const pid = s.run.child.pid!
// The server builds its search index, finder catalogue and list items in the background: at rest means after that.
await untilWarm(s.base)
await new Promise((r) => setTimeout(r, 1000)) // and the collection after it
const rest = rssMb(pid)
let peak = rest
const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100)
const chs = readdirSync(new URL('../data/clearinghouses/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => `/clearinghouses/${f.slice(0, -5)}`)
const pages = (process.env.PAGES?.split(',') ?? [
  '/', '/index.json', '/interventions', '/interventions?pageSize=100', '/gap-map', '/gap-map.json', '/gap-map?scope=all', '/gap-map.json?scope=all',
  '/gap-map?scope=all&columns=all', '/gap-map?scope=all&rows=clearinghouse&columns=all&secondary=1', '/gap-map.json?scope=all&rows=clearinghouse&columns=all&secondary=1',
  '/gap-map?scope=all&rows=tier&secondary=1', '/api/v1/gap-map?scope=all', '/gap-map.csv?scope=all', '/gap-map.svg?scope=all&columns=all&rows=clearinghouse',
  '/clearinghouses', ...chs, '/clearinghouses/cebc.json', '/clearinghouses/cebc?page=3', '/evidence', '/evidence.json', '/changes', '/changes.json', '/about',
  '/interventions.csv', '/interventions.csv?table=assessments',
])
console.log('| Page | Size | ms | RSS after (MB) |\n|---|---:|---:|---:|')
for (const page of pages) {
  const t0 = performance.now()
  let bytes = NaN
  let status = 0
  try {
    const res = await fetch(s.base + page, { signal: AbortSignal.timeout(TIMEOUT_S * 1000) })
    status = res.status
    bytes = (await res.arrayBuffer()).byteLength
  } catch {
    // The server may still be working on it: wait until it answers again, so the next page is timed alone.
    await fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(600_000) }).catch(() => undefined)
  }
  const ms = Math.round(performance.now() - t0)
  console.log(`| ${page} | ${Number.isNaN(bytes) ? `not finished in ${TIMEOUT_S} s` : `${(bytes / 1024).toFixed(1)} KB`}${status && status !== 200 ? ` (${status})` : ''} | ${ms} | ${rssMb(pid)} |`)
}
const afterPages = rssMb(pid)
const SEARCHES = ['/api/v1/interventions?q=bonding', '/api/v1/interventions?q=parent%20support&sort=tier', '/api/v1/interventions?q=vuorovaikutus', '/api/v1/interventions?need=lack-of-social-support&grading=nordic', '/api/v1/interventions?tier=strong,moderate&format=group', '/api/v1/interventions?q=video%20feedback&age=3-12m', '/api/v1/interventions']
const r = await load(s.base, SEARCHES, { seconds: Number(process.env.LOAD_S ?? 5), connections: 4 })
clearInterval(sampler)
console.log(`\nsize ${size}: RSS at rest ${rest} MB, after the pages ${afterPages} MB, after search load ${rssMb(pid)} MB, highest ${peak} MB (sampled every 100 ms); search p95 ${r.p95} ms, ${r.rps} req/s, ${r.errors} errors`)
await stopServer(s.run)
