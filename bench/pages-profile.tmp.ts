import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load, startServer, stopServer } from './load.ts'
const dir = mkdtempSync(join(tmpdir(), 'pp-'))
const s = await startServer({ ATLAS_DATA_DIR: dir, LOG_LEVEL: 'silent' })
await fetch(s.base + '/interventions')
for (const p of ['/interventions', '/interventions/icdp', '/assets/favicon.svg']) {
  const r = await load(s.base, [p], { seconds: 4, connections: 8 })
  console.log(p, r.rps, 'req/s p50', r.p50)
}
await stopServer(s.run)
