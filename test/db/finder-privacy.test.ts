import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort, runCli, waitFor } from '../helpers/process.ts'
import { openStore } from '../../src/store/open.ts'
import { sql } from 'kysely'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

// Privacy by construction: a family's selection is in the request only. A unique marker sent in
// every way a client could send it must appear in no log line and nowhere in the database.
describe('the needs finder keeps nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-privacy-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('logs no query string and stores nothing of a visit', async () => {
    const marker = `MARKER${randomBytes(6).toString('hex')}`
    const port = await freePort()
    const run = runCli(['serve'], { PORT: String(port), HOST: '127.0.0.1', ATLAS_DATA_DIR: dir, LOG_LEVEL: 'trace' })
    await waitFor(run, /is serving/)
    const base = `http://127.0.0.1:${port}`
    const urls = [
      `/finder?needs=single-parents&needs=lack-of-social-support&stage=0-3m&country=finland&note=${marker}`,
      `/finder.json?needs=lack-of-social-support&${marker}=1`,
      `/finder/summary?needs=bonding-attachment-early-interaction&note=${marker}`,
      `/api/v1/finder?needs=lack-of-social-support&note=${marker}`,
      `/finder?needs=${marker}`, // refused (400), still not logged
      `/api/v1/finder?needs=${marker}`,
    ]
    for (const u of urls) {
      const res = await fetch(base + u, { headers: { referer: `${base}/finder?needs=${marker}` } })
      assert.ok([200, 400].includes(res.status), `${u}: ${res.status}`)
      await res.arrayBuffer()
    }
    run.child.kill('SIGTERM')
    assert.equal(await run.exited, 0)
    const log = run.output()
    assert.match(log, /"url":"\/finder"/, 'finder requests are logged, by path only')
    assert.ok(!log.includes(marker), 'the marker is in the log')

    // Nowhere in the database: not in any table, not in any file of the data directory.
    const store = await openStore({ kind: 'pglite', dataDir: dir })
    const { rows: tables } = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public'`.execute(store.db)
    for (const { t } of tables) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)} x where x::text like ${'%' + marker + '%'}`.execute(store.db)
      assert.equal(rows[0]!.n, 0, t)
    }
    await store.close()
    for (const f of filesUnder(dir)) assert.ok(!readFileSync(f).includes(marker), f)
  })
})
