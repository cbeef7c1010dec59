import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort, runCli, waitFor, type Run } from '../helpers/process.ts'

// The embedded database as a user runs it: real processes on a real data directory.

/** The shipped catalogue's size, from the data itself (it grows as research adds programmes). */
const SHIPPED = readdirSync(new URL('../../data/interventions/', import.meta.url)).filter((f) => f.endsWith('.json')).length

describe('serving on an embedded data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-serve-'))
  const running: Run[] = []
  after(() => {
    for (const r of running) r.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  const serve = async (port: number) => {
    const run = runCli(['serve'], { PORT: String(port), HOST: '127.0.0.1', ATLAS_DATA_DIR: dir })
    running.push(run)
    return run
  }

  let first: Run
  let port: number
  it('starts on an empty directory and serves the shipped catalogue', async () => {
    port = await freePort()
    first = await serve(port)
    await waitFor(first, /is serving/)
    assert.match(first.output(), /Loaded the shipped catalogue/)
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/reports/table-9`)
    assert.equal(res.status, 200)
    assert.equal(((await res.json()) as any).totals.interventions, 21)
    assert.ok(existsSync(join(dir, 'atlas.lock')))
  })

  it('refuses a second process on the same directory at once, naming the holder', async () => {
    const second = await serve(await freePort())
    const code = await second.exited
    assert.notEqual(code, 0)
    assert.match(second.output(), new RegExp(`in use by process ${first.child.pid}`))
    assert.match(second.output(), /ATLAS_DATA_DIR/)
  })

  it('keeps the first process serving with nothing lost', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/interventions?q=ICDP`)
    assert.equal(res.status, 200)
    assert.equal(((await res.json()) as any).items[0].id, 'icdp')
  })

  it('finishes a request in flight on SIGTERM, then closes and releases the lock', async () => {
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/interventions/icdp`)
    await new Promise((r) => setTimeout(r, 5))
    const t = Date.now()
    first.child.kill('SIGTERM')
    const res = await inFlight
    assert.equal(res.status, 200)
    assert.equal(await first.exited, 0)
    // Not held open by the keep-alive connection (Fastify's keep-alive timeout is 72 s).
    assert.ok(Date.now() - t < 20_000, `closing took ${Date.now() - t} ms`)
    assert.match(first.output(), /SIGTERM: finishing requests in flight/)
    // The lock file stays (every process locks the same file) and names nobody.
    assert.equal(readFileSync(join(dir, 'atlas.lock'), 'utf8'), '')
  })

  it('reopens the same directory with its data, without loading again', async () => {
    const p = await freePort()
    const again = await serve(p)
    await waitFor(again, /is serving/)
    assert.doesNotMatch(again.output(), /Loaded the shipped catalogue/)
    const res = await fetch(`http://127.0.0.1:${p}/api/v1`)
    assert.equal(((await res.json()) as any).interventions, SHIPPED)
    again.child.kill('SIGINT')
    assert.equal(await again.exited, 0)
  })

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dir, 'atlas.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: 'earlier' }))
    const p = await freePort()
    const run = await serve(p)
    await waitFor(run, /is serving/)
    assert.match(run.output(), new RegExp(`Took over the lock .* left by process ${2 ** 22 + 12345}`))
    run.child.kill('SIGTERM')
    assert.equal(await run.exited, 0)
  })
})

describe('the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const env = { ATLAS_DATA_DIR: dir }

  it('migrates, seeds once, and says so when there is nothing to do', async () => {
    const m = runCli(['migrate'], env)
    assert.equal(await m.exited, 0, m.output())
    const s1 = runCli(['seed'], env)
    assert.equal(await s1.exited, 0, s1.output())
    assert.match(s1.output(), new RegExp(`Loaded catalogue version [0-9a-f]+: ${SHIPPED} interventions`))
    const s2 = runCli(['seed'], env)
    assert.equal(await s2.exited, 0)
    assert.match(s2.output(), /Nothing changed/)
  })

  it('exports the catalogue as CSV that opens in Excel', async () => {
    const out = join(dir, 'interventions.csv')
    const run = runCli(['export', '--format', 'csv', '--out', out], env)
    assert.equal(await run.exited, 0, run.output())
    const text = (await import('node:fs')).readFileSync(out, 'utf8')
    assert.ok(text.startsWith('\uFEFFid,name,'))
    assert.equal(text.trim().split('\r\n').length, SHIPPED + 1)
  })

  it('exports every assessment as CSV and the whole catalogue as JSON', async () => {
    const csv = runCli(['export', '--format', 'csv', '--table', 'assessments'], env)
    assert.equal(await csv.exited, 0)
    assert.match(csv.output(), /\nicdp,International Child Development Programme,[^,]*,programme,kasvun-tuki,/)
    const json = runCli(['export'], env)
    assert.equal(await json.exited, 0)
    const doc = JSON.parse(json.output())
    assert.equal(doc.interventions.length, SHIPPED)
    assert.equal(doc.reports[0].totals.interventions, 21)
  })

  it('imports a clearinghouse snapshot, and refuses a broken one with its file, line and field, exit 1', async () => {
    const fix = new URL('../fixtures/', import.meta.url).pathname
    const ok = runCli(['import', 'cebc', `${fix}cebc/2026-03-01.csv`, '--by', 'tester'], env)
    assert.equal(await ok.exited, 0, ok.output())
    assert.match(ok.output(), /Imported snapshot #1: 3 change\(s\) \(3 added\)/)
    const again = runCli(['import', 'cebc', `${fix}cebc/2026-03-01.csv`], env)
    assert.equal(await again.exited, 0)
    assert.match(again.output(), /Nothing changed: this file was already imported as snapshot #1/)
    const bad = runCli(['import', 'kasvun-tuki', `${fix}broken/kasvun-tuki-latin1-2026-09-01.csv`], env)
    assert.equal(await bad.exited, 1)
    assert.match(bad.output(), /kasvun-tuki-latin1-2026-09-01\.csv, line 1: is not valid UTF-8/)
    assert.doesNotMatch(bad.output(), /\n\s+at /, 'a message, not a stack trace')
  })

  it('monitors a folder for cron and exits non-zero when a snapshot fails', async () => {
    const fix = new URL('../fixtures/', import.meta.url).pathname
    const folder = join(dir, 'snapshots')
    ;(await import('node:fs')).cpSync(`${fix}cebc`, join(folder, 'cebc'), { recursive: true })
    const run = runCli(['monitor', folder], env)
    assert.equal(await run.exited, 0, run.output())
    assert.match(run.output(), /skipped cebc\/2026-03-01\.csv: this file was already imported/)
    assert.match(run.output(), /imported cebc\/2026-09-01\.csv: snapshot #2/)
    ;(await import('node:fs')).cpSync(`${fix}broken/cebc-unknown-grade-2026-10-01.csv`, join(folder, 'cebc', '2026-10-01.csv'))
    const failing = runCli(['monitor', folder], env)
    assert.equal(await failing.exited, 1)
    assert.match(failing.output(), /FAILED [\s\S]*2026-10-01\.csv, line 3, field "scientific rating": unknown grade "Excellent"/)
  })

  it('explains a wrong command or option and exits non-zero', async () => {
    const bad = runCli(['frobnicate'], env)
    assert.equal(await bad.exited, 2)
    assert.match(bad.output(), /Unknown command "frobnicate"/)
    const badFormat = runCli(['export', '--format', 'xml'], env)
    assert.equal(await badFormat.exited, 2)
    assert.match(badFormat.output(), /--format must be json, csv or datapackage/)
  })

  it('writes the data package to a folder, with page URLs at ATLAS_PUBLIC_URL', async () => {
    const out = join(dir, 'datapackage')
    const run = runCli(['export', '--format', 'datapackage', '--out', out], { ...env, ATLAS_PUBLIC_URL: 'https://atlas.example.org/' })
    assert.equal(await run.exited, 0, run.output())
    const fs = await import('node:fs')
    const pkg = JSON.parse(fs.readFileSync(join(out, 'datapackage.json'), 'utf8'))
    assert.equal(pkg.profile, 'tabular-data-package')
    for (const r of pkg.resources) assert.ok(fs.existsSync(join(out, r.path)), r.path)
    assert.match(fs.readFileSync(join(out, 'interventions.csv'), 'utf8'), /,https:\/\/atlas\.example\.org\/interventions\/icdp\r\n/)
    const noDir = runCli(['export', '--format', 'datapackage'], env)
    assert.equal(await noDir.exited, 2)
    assert.match(noDir.output(), /--format datapackage needs --out DIR/)
  })

  it('stops with a message naming the variable when the environment is wrong', async () => {
    const run = runCli(['migrate'], { ...env, PORT: 'eighty' })
    assert.equal(await run.exited, 1)
    assert.match(run.output(), /Invalid environment: PORT/)
  })
})
