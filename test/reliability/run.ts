// `npm run test:reliability`: the fault and abuse suite of issue 17, against real server and import
// processes on 127.0.0.1 only. Repeats kill -9 of the server (with restarts as PID 1 in a fresh PID
// namespace and under another host name) and of imports at random moments; backups under concurrent
// publishing; 40 parallel sign-ins; a fuzz of every public route with hostile bytes; the finder's
// privacy over encoded and odd paths; hostile import files. Prints a table of tried/held and exits
// non-zero on any loss, inconsistency, 500 or leak. Bounded in time (RELIABILITY_BUDGET_S, default 420).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeBackup, restoreBackup } from '../../src/store/backup.ts'
import { createSession } from '../../src/store/sessions.ts'
import { openStore } from '../../src/store/open.ts'
import { migrateToLatest } from '../../src/store/migrations/index.ts'
import { addUser } from '../../src/store/users.ts'
import { inconsistencies } from '../helpers/consistency.ts'
import { freePort } from '../helpers/process.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const BIN = join(ROOT, 'bin/perinatal-atlas.js')
const FIX = join(ROOT, 'test/fixtures/')
const BUDGET_MS = Number(process.env.RELIABILITY_BUDGET_S ?? 420) * 1000
const started = Date.now()
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 22)
const FUZZ = Number(process.env.RELIABILITY_FUZZ ?? 10_500)
const PASSWORD = 'a long enough reliability password'
const work = mkdtempSync(join(tmpdir(), 'atlas-reliability-'))
const log = (m: string) => console.error(`[reliability ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`)

interface Row { check: string; tried: number; held: number; note: string; skipped?: boolean }
const rows: Row[] = []
const failures: string[] = []
const record = (check: string, tried: number, held: number, note = '') => {
  rows.push({ check, tried, held, note })
  if (held < tried) failures.push(`${check}: ${tried - held} of ${tried} did not hold${note ? ` (${note})` : ''}`)
}
const skip = (check: string, why: string) => {
  rows.push({ check, tried: 0, held: 0, note: `SKIPPED: ${why}`, skipped: true })
  console.error(`\n*** SKIPPED: ${check}: ${why} ***\n`)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rand = (a: number, b: number) => a + Math.floor(Math.random() * (b - a))
const timeLeft = () => BUDGET_MS - (Date.now() - started)

// ---------------------------------------------------------------- processes

interface Proc { child: ChildProcess; out: () => string; exited: Promise<number | null> }
function run(cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))))
  return { child, out: () => out, exited }
}
async function waitOut(p: Proc, re: RegExp, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!re.test(p.out())) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`exited before ${re}:\n${p.out().slice(-2000)}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${p.out().slice(-2000)}`)
    await sleep(30)
  }
}
const cli = (args: string[], env: Record<string, string>) => run(process.execPath, [BIN, ...args], env)

type Wrap = 'plain' | 'pid-namespace' | 'host-name'
const canUnshare = (() => {
  if (process.platform !== 'linux') return false
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '--uts', '--kill-child', 'sh', '-c', 'hostname atlas-probe && test $$ -eq 1'], { stdio: 'ignore' })
  return r.status === 0
})()
function serve(dir: string, port: number, wrap: Wrap, extra: Record<string, string> = {}): Proc {
  const env = { ATLAS_DATA_DIR: dir, PORT: String(port), ATLAS_TRUST_PROXY: 'on', ...extra }
  if (wrap === 'pid-namespace') return run('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', process.execPath, BIN, 'serve'], env)
  if (wrap === 'host-name') return run('unshare', ['--uts', 'sh', '-c', `hostname atlas-elsewhere-${randomBytes(3).toString('hex')} && exec "${process.execPath}" "${BIN}" serve`], env)
  return cli(['serve'], env)
}
async function kill9(p: Proc): Promise<void> {
  p.child.kill('SIGKILL')
  await p.exited
}

// ---------------------------------------------------------------- HTTP (127.0.0.1 only)

async function http(port: number, path: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) })
  return { status: res.status, body: await res.text(), headers: res.headers }
}
const hidden = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]?.replace(/&amp;/g, '&')
const formBody = (v: Record<string, string>) => new URLSearchParams(v).toString()
interface Who { cookie: string; csrf: string }
const postForm = (port: number, who: Who, path: string, v: Record<string, string>) =>
  http(port, path, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ _csrf: who.csrf, ...v }) })

// ---------------------------------------------------------------- set-up: one seeded data directory, copied per scenario

async function template(): Promise<string> {
  const dir = join(work, 'template')
  const m = cli(['seed'], { ATLAS_DATA_DIR: dir })
  if ((await m.exited) !== 0) throw new Error(`seed failed:\n${m.out()}`)
  return dir
}
function copyOf(tpl: string, name: string): string {
  const dir = join(work, name)
  cpSync(tpl, dir, { recursive: true })
  return dir
}
/** Accounts and sessions, written while no server holds the directory. */
async function accounts(dir: string): Promise<{ editor: Who; reviewer: Who; admin: Who; ids: Record<string, number> }> {
  const store = await openStore({ kind: 'pglite', dataDir: dir })
  try {
    const out: Record<string, Who> = {}
    const ids: Record<string, number> = {}
    for (const role of ['editor', 'reviewer', 'admin'] as const) {
      const u = await addUser(store.db, { email: `${role}@reliability.example`, password: PASSWORD, role }, 'reliability')
      const s = await createSession(store.db, u.id)
      out[role] = { cookie: `atlas_session=${s.token}`, csrf: s.csrf }
      ids[role] = u.id
    }
    return { editor: out.editor!, reviewer: out.reviewer!, admin: out.admin!, ids }
  } finally {
    await store.close()
  }
}
async function offlineCheck(dir: string): Promise<string[]> {
  const store = await openStore({ kind: 'pglite', dataDir: dir })
  try {
    return await inconsistencies(store.db)
  } finally {
    await store.close()
  }
}

/** One publish through the web, as a person does it: open, save a draft, a reviewer publishes. */
async function publishOnce(port: number, ed: Who, rev: Who, id: string, dosage: string): Promise<'committed' | 'refused'> {
  const page = await http(port, `/admin/records/intervention/${id}`, { headers: { cookie: ed.cookie } })
  const token = hidden(page.body, 'token')
  if (page.status !== 200 || !token) return 'refused'
  const saved = await postForm(port, ed, `/admin/records/intervention/${id}`, { token, mode: 'fields', dosage })
  const draftId = /saved=(\d+)/.exec(saved.headers.get('location') ?? '')?.[1]
  if (saved.status !== 303 || !draftId) return 'refused'
  const draft = await http(port, `/admin/drafts/${draftId}`, { headers: { cookie: rev.cookie } })
  const revision = hidden(draft.body, 'revision')
  if (!revision) return 'refused'
  const pub = await postForm(port, rev, `/admin/drafts/${draftId}/publish`, { revision })
  return pub.status === 303 ? 'committed' : 'refused'
}

// ---------------------------------------------------------------- 1. kill -9 of the server, restarts in containers

async function serverKills(tpl: string): Promise<void> {
  const dir = copyOf(tpl, 'kills')
  const who = await accounts(dir)
  const records = ['marte-meo', 'icdp']
  const lastCommitted = new Map<string, string>()
  const attempted = new Map<string, string[]>()
  let lost = 0
  let restarts = 0
  let takeovers = 0
  let takeoverLogged = 0
  const byWrap: Record<Wrap, number> = { plain: 0, 'pid-namespace': 0, 'host-name': 0 }
  let refusedLive = 0
  let refusedLiveTried = 0
  let acknowledged = 0
  for (let i = 0; i < KILLS; i++) {
    const wrap: Wrap = !canUnshare ? 'plain' : i % 3 === 1 ? 'pid-namespace' : i % 3 === 2 ? 'host-name' : 'plain'
    const port = await freePort()
    const p = serve(dir, port, wrap)
    try {
      await waitOut(p, /is serving/, 60_000)
    } catch (e) {
      failures.push(`server restart ${i} (${wrap}) did not come up unaided: ${(e as Error).message.slice(0, 600)}`)
      await kill9(p)
      continue
    }
    restarts++
    byWrap[wrap]++
    if (i > 0) {
      takeovers++
      if (/Took over the lock/.test(p.out())) takeoverLogged++
    }
    // Every committed publish survived the previous kill.
    for (const id of records) {
      const want = lastCommitted.get(id)
      if (!want) continue
      const iv = await http(port, `/api/v1/interventions/${id}`)
      const dosage = (JSON.parse(iv.body) as { dosage?: string }).dosage ?? ''
      const tries = attempted.get(id) ?? []
      // The live value is the last acknowledged publish or one attempted after it (committed, unacknowledged).
      if (!tries.slice(tries.indexOf(want)).includes(dosage)) {
        lost++
        failures.push(`restart ${i}: ${id} shows "${dosage}", but "${want}" was committed`)
      }
    }
    // A second live process on the same directory is refused (every fourth round, it costs a few seconds).
    if (i % 4 === 0) {
      refusedLiveTried++
      const second = cli(['serve'], { ATLAS_DATA_DIR: dir, PORT: String(await freePort()) })
      const code = await second.exited
      if (code !== 0 && /in use by process/.test(second.out())) refusedLive++
      else failures.push(`a second live process was not refused (exit ${code}): ${second.out().slice(-300)}`)
    }
    // Publish until killed at a random moment.
    let stop = false
    const publisher = (async () => {
      for (let k = 0; !stop; k++) {
        const id = records[k % records.length]!
        const dosage = `Dosage set in round ${i}, publish ${k} (${randomBytes(3).toString('hex')}).`
        attempted.set(id, [...(attempted.get(id) ?? []), dosage])
        try {
          if ((await publishOnce(port, who.editor, who.reviewer, id, dosage)) === 'committed') {
            lastCommitted.set(id, dosage)
            acknowledged++
          }
        } catch {
          return // the server died under us
        }
      }
    })()
    await sleep(rand(700, 3500))
    await kill9(p)
    stop = true
    await publisher
  }
  record('kill -9 of the server while publishing: committed publishes kept', KILLS, KILLS - lost, `${restarts} restarts unaided; ${acknowledged} publishes acknowledged, the latest of each record checked after every restart`)
  if (acknowledged === 0) failures.push('no publish was ever acknowledged: the kill loop proved nothing')
  record('restart after kill -9 takes over the dead holder’s lock, and logs it', takeovers, takeoverLogged, `plain ${byWrap.plain}, as PID 1 in a new PID namespace ${byWrap['pid-namespace']}, under a new host name ${byWrap['host-name']}`)
  if (!canUnshare) skip('restart as PID 1 in a fresh PID namespace and with a changed host name', 'unshare --pid/--uts is not permitted here (needs root or user namespaces)')
  record('a second live process on the same directory is refused', refusedLiveTried, refusedLive)
  const problems = await offlineCheck(dir)
  record('database consistent after all server kills', 1, problems.length ? 0 : 1, problems.slice(0, 3).join('; '))
}

// ---------------------------------------------------------------- 2. kill -9 of imports

async function importKills(tpl: string): Promise<void> {
  const dir = copyOf(tpl, 'imports')
  // Each round a new snapshot (a new date, one more programme): a kill lands in start-up, reading,
  // or inside the import's transaction.
  const base = readFileSync(join(FIX, 'cebc/2026-03-01.csv'), 'utf8').trim()
  let killedMid = 0
  let held = 0
  for (let i = 0; i < KILLS; i++) {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
    const file = join(work, `cebc-${date}.csv`)
    const extra = Array.from({ length: 300 }, (_, r) => `r-${i}-${r},Reliability Programme ${i}-${r},3 – Promising Research Evidence,2019,https://example.org/cebc/r-${i}-${r},Testing`)
    writeFileSync(file, `${base}\n${extra.join('\n')}\n`)
    const p = cli(['import', 'cebc', file, '--retrieved', date, '--by', 'reliability'], { ATLAS_DATA_DIR: dir })
    await sleep(rand(200, 3500))
    const wasRunning = p.child.exitCode === null
    await kill9(p)
    if (wasRunning) killedMid++
    // After every kill the data directory opens unaided, and holds each snapshot whole or not at all.
    try {
      const problems = await offlineCheck(dir)
      if (problems.length) failures.push(`import kill ${i}: ${problems.join('; ')}`)
      else held++
    } catch (e) {
      failures.push(`import kill ${i}: the directory did not open: ${(e as Error).message.slice(0, 300)}`)
    }
  }
  record('kill -9 of an import at a random moment: all or nothing, directory opens', KILLS, held, `${killedMid} killed while running`)
}

// ---------------------------------------------------------------- 3. a live server: backups under publishing, sign-ins, fuzz, privacy, hostile files

async function liveServer(tpl: string): Promise<void> {
  const dir = copyOf(tpl, 'live')
  const who = await accounts(dir)
  const port = await freePort()
  const p = serve(dir, port, 'plain', { LOG_LEVEL: 'info' })
  await waitOut(p, /is serving/)
  try {
    await backupsUnderPublishing(port, who)
    log('backups done')
    await parallelSignIns(port)
    log('sign-ins done')
    await privacy(port, p)
    log('privacy done')
    await hostileFiles(port, who.editor, copyOf(tpl, 'cli-imports'))
    log('hostile files done')
    await fuzz(port)
    log('fuzz done')
  } finally {
    p.child.kill('SIGTERM')
    await p.exited
  }
}

async function backupsUnderPublishing(port: number, who: { editor: Who; reviewer: Who; admin: Who }): Promise<void> {
  let stop = false
  let published = 0
  const publisher = (async () => {
    for (let k = 0; !stop; k++) if ((await publishOnce(port, who.editor, who.reviewer, ['marte-meo', 'icdp', 'pcit'][k % 3]!, `Backup-time dosage ${k}.`).catch(() => 'refused')) === 'committed') published++
  })()
  const files: Buffer[] = []
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/admin/backup`, { headers: { cookie: who.admin.cookie }, signal: AbortSignal.timeout(30_000) })
    if (res.status === 200) files.push(Buffer.from(await res.arrayBuffer()))
    else failures.push(`/admin/backup answered ${res.status}`)
    await sleep(rand(50, 400))
  }
  stop = true
  await publisher
  let consistent = 0
  for (const [i, bytes] of files.entries()) {
    const target = await openStore({ kind: 'pglite' })
    try {
      await migrateToLatest(target.db)
      await restoreBackup(target.db, decodeBackup(`backup ${i}`, bytes))
      const problems = await inconsistencies(target.db)
      if (problems.length) failures.push(`backup ${i}: ${problems.slice(0, 3).join('; ')}`)
      else consistent++
    } catch (e) {
      failures.push(`backup ${i} did not restore: ${(e as Error).message.slice(0, 300)}`)
    } finally {
      await target.close()
    }
  }
  record('backups of the running embedded server under concurrent publishing, restored consistent', 12, consistent, `${published} publishes ran meanwhile`)
}

async function parallelSignIns(port: number): Promise<void> {
  const page = await http(port, '/login')
  const csrf = hidden(page.body, '_csrf')!
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!
  const attempt = (password: string, address: string) =>
    http(port, '/login', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address }, body: formBody({ _csrf: csrf, email: 'editor@reliability.example', password }), timeoutMs: 60_000 })
  const results = await Promise.all(Array.from({ length: 40 }, () => attempt('wrong but long password', '203.0.113.50')))
  const checked = results.filter((r) => r.status === 401).length
  const limited = results.filter((r) => r.status === 429).length
  record('40 parallel wrong passwords on one account: at most 5 checked', 40, 40 - Math.max(0, checked - 5) - (40 - checked - limited), `${checked} checked, ${limited} refused unchecked (429)`)
  const owner = await attempt(PASSWORD, '198.51.100.20')
  record('the owner signs in from their own address during the attack', 1, owner.status === 303 ? 1 : 0, `answered ${owner.status}`)
}

async function privacy(port: number, p: Proc): Promise<void> {
  const marker = () => `LEAK${randomBytes(5).toString('hex')}`
  const markers: string[] = []
  const matched = ['/%66inder', '/api/v1/%66inder', '/finder', '/api/v1/finder', '/fi%6Eder', '/finder.json', '/finder/summary', '/finder/%73ummary']
  const odd = ['/Finder', '//finder', '/finder;x', '/FINDER', '/api/v1/Finder', '/api/v1//finder', '/finder/', '/%2Ffinder', '/finder%3Bx', '/finder/../finder', '/./finder']
  let tried = 0
  let held = 0
  for (const path of [...matched, ...odd]) {
    for (let n = 0; n < 2; n++) {
      const m = marker()
      markers.push(m)
      tried++
      const res = await http(port, `${path}?needs=lack-of-social-support&note=${m}`, { headers: { accept: n ? 'application/json' : 'text/html' } })
      const isMatched = res.status === 200
      const ok = res.status < 500 && (!isMatched || (res.headers.get('cache-control') === 'no-store' && !res.headers.get('x-atlas-cache')))
      if (ok) held++
      else failures.push(`privacy ${path}: ${res.status}, cache-control ${res.headers.get('cache-control')}, cache ${res.headers.get('x-atlas-cache')}`)
    }
  }
  await sleep(300)
  const leaked = markers.filter((m) => p.out().includes(m))
  record('finder privacy over encoded and odd paths: no-store, never cached', tried, held)
  record('finder privacy: no query or marker in the log', markers.length, markers.length - leaked.length, leaked.length ? `leaked ${leaked.length}` : 'log checked line by line')
}

async function hostileFiles(port: number, ed: Who, dir: string): Promise<void> {
  const files: [string, Buffer][] = [
    ['50 MB', Buffer.alloc(50 * 1024 * 1024, 'a,b,c\n')],
    ['11 MB CSV', Buffer.concat([Buffer.from('Program Name,Scientific Rating\n'), Buffer.alloc(11 * 1024 * 1024, 'x,1\n')])],
    ['NUL in a name', Buffer.from('Program Name,Scientific Rating\nA\u0000B,1\n')],
    ['NUL in a header', Buffer.from('Program\u0000Name,Scientific Rating\nA,1\n')],
    ['5 MB name', Buffer.concat([Buffer.from('Program Name,Scientific Rating\n"'), Buffer.alloc(5 * 1024 * 1024, 'n'), Buffer.from('",1\n')])],
    ['truncated quote', Buffer.from('Program Name,Scientific Rating\n"unterminated,1\n')],
    ['empty', Buffer.from('')],
    ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['Latin-1', Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x0a])],
    ['JSON not an array', Buffer.from('{"a":1}')],
    ['JSON array of arrays', Buffer.from('[[1,2],[3]]')],
    ['JSON deep nesting', Buffer.from('['.repeat(100_000) + ']'.repeat(100_000))],
    ['JSON truncated', Buffer.from('[{"Program Name":"A","Scientific Rating":"1"')],
    ['JSON __proto__', Buffer.from('[{"__proto__":{"x":1},"Program Name":"A","Scientific Rating":"1"}]')],
    ['JSON nested values', Buffer.from('[{"Program Name":{"a":[1,2]},"Scientific Rating":["1"]}]')],
    ['200 columns', Buffer.from(Array.from({ length: 200 }, (_, i) => `c${i}`).join(',') + '\n' + Array.from({ length: 200 }, () => 'v').join(',') + '\n')],
    ['punctuation-only names twice', Buffer.from('Program Name,Scientific Rating\n"!!!",1\n"???",1\n')],
    ['future review date', Buffer.from('Program Name,Scientific Rating,Date\nA,1,2099-12-31\n')],
    ['binary noise', randomBytes(4096)],
    ['30,000 rows', Buffer.from('Program Name,Scientific Rating\n' + Array.from({ length: 30_000 }, (_, i) => `P${i},1`).join('\n'))],
  ]
  let held = 0
  for (const [name, bytes] of files) {
    const boundary = `atlas${randomBytes(6).toString('hex')}`
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${ed.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="clearinghouse"\r\n\r\ncebc\r\n--${boundary}\r\nContent-Disposition: form-data; name="retrieved"\r\n\r\n2026-11-01\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const t = Date.now()
    let res: { status: number; body: string }
    try {
      res = await http(port, '/admin/imports', { method: 'POST', headers: { cookie: ed.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, body, timeoutMs: 60_000 })
    } catch (e) {
      // A server may cut an oversized upload short: that is a refusal too, if it says so or closes.
      res = { status: 413, body: String(e) }
    }
    const ms = Date.now() - t
    const clear = res.status >= 400 && res.status < 500 && !/\n\s+at .+\(.+:\d+:\d+\)/.test(res.body) && ms < 30_000
    if (clear) held++
    else failures.push(`hostile file "${name}": ${res.status} in ${ms} ms: ${res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`)
  }
  // The same through the command line: refused with a message, exit 1, no stack trace.
  let cliHeld = 0
  const some = files.filter(([n]) => !/50 MB|11 MB|30,000/.test(n)).slice(0, 8)
  for (const [name, bytes] of some) {
    const file = join(work, `hostile-${cliHeld}-${randomBytes(3).toString('hex')}.csv`)
    writeFileSync(file, bytes)
    const p = cli(['import', 'cebc', file, '--retrieved', '2026-11-01'], { ATLAS_DATA_DIR: dir })
    const code = await p.exited
    if (code === 1 && /was not imported|perinatal-atlas:/.test(p.out()) && !/\n\s+at .+:\d+:\d+\)?/.test(p.out())) cliHeld++
    else failures.push(`hostile file "${name}" on the command line: exit ${code}: ${p.out().slice(-300)}`)
  }
  for (const date of ['2030-13-45', '9999-99-99', '2099-12-31']) {
    const p = cli(['import', 'cebc', join(FIX, 'cebc/2026-03-01.csv'), '--retrieved', date], { ATLAS_DATA_DIR: dir })
    if ((await p.exited) === 1 && /retrieval date/.test(p.out())) cliHeld++
    else failures.push(`retrieval date ${date} was not refused: ${p.out().slice(-300)}`)
  }
  record('hostile import files through the web upload: a clear 4xx, never a 500 or a stack', files.length, held)
  record('hostile import files and impossible dates on the command line: refused with a message', some.length + 3, cliHeld)
}

async function fuzz(port: number): Promise<void> {
  const routes = [
    '/', '/interventions', '/interventions.json', '/interventions.csv', '/interventions/icdp', '/interventions/icdp.json', '/clearinghouses', '/clearinghouses/cebc', '/evidence',
    '/gap-map', '/gap-map.json', '/gap-map.csv', '/gap-map.md', '/gap-map.svg', '/changes', '/changes.json', '/changes/feed.atom', '/changes/feed.json', '/finder', '/finder/summary', '/about',
    '/api/v1', '/api/v1/interventions', '/api/v1/interventions/icdp', '/api/v1/clearinghouses', '/api/v1/tiers', '/api/v1/reports/table-9', '/api/v1/evidence', '/api/v1/gap-map',
    '/api/v1/gap-map/findings', '/api/v1/finder', '/api/v1/changes', '/login', '/api/openapi.json',
  ]
  const params = ['q', 'need', 'prevention', 'grading', 'clearinghouse', 'tier', 'format', 'sort', 'page', 'pageSize', 'lang', 'needs', 'stage', 'country', 'kind', 'scope', 'rows', 'columns', 'secondary', 'next', 'age', '']
  const hostile = [
    '%00', '%00%00', 'a%00b', '%', '%%', '%zz', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%F4%90%80%80', '%FF%FE', '%EF%BF%BF', '%F0%9F%92%A9', '%0D%0ASet-Cookie:x=1', '%3Cscript%3Ealert(1)%3C/script%3E',
    "'%20OR%201=1--", '%27%3B%20drop%20table%20x%3B--', '..%2F..%2Fetc%2Fpasswd', '-1', '0', '1e309', '99999999999999999999', 'NaN', '%5B%5D', '__proto__', 'constructor', '%5Cu0000', '%2A', '%5C',
    '%E2%80%AE', '%C2%A0', 'x'.repeat(3000), '%25'.repeat(200), '%u0000', '+', '&&&', '==', '%3B', 'a,b,,,', ',', '%09', '%0B', '%1B%5B31m', '%7F', 'a%2Cb',
  ]
  const pathBits = ['%00', '%', '%zz', '..', '%2e%2e', '%2F', '%C0%AE', 'x'.repeat(300), '%E0%A4%A', ';', '%3B', '~', '%F0%9F%92%A9', '.json', '.csv', '%0A']
  const urls: string[] = []
  while (urls.length < FUZZ) {
    const route = routes[rand(0, routes.length)]!
    const r = Math.random()
    if (r < 0.7) {
      const n = rand(1, 4)
      const qs = Array.from({ length: n }, () => `${params[rand(0, params.length)]}=${hostile[rand(0, hostile.length)]}`).join('&')
      urls.push(`${route}?${qs}`)
    } else if (r < 0.9) {
      urls.push(`${route}/${pathBits[rand(0, pathBits.length)]}${Math.random() < 0.5 ? `?q=${hostile[rand(0, hostile.length)]}` : ''}`)
    } else {
      urls.push(`${route.replace(/\/[^/]*$/, '')}/${hostile[rand(0, hostile.length)]}`)
    }
  }
  let i = 0
  let fives = 0
  let errors = 0
  const codes = new Map<number, number>()
  const worker = async () => {
    while (i < urls.length) {
      const url = urls[i++]!
      try {
        const res = await fetch(`http://127.0.0.1:${port}${url}`, { signal: AbortSignal.timeout(20_000) })
        await res.arrayBuffer()
        codes.set(res.status, (codes.get(res.status) ?? 0) + 1)
        if (res.status >= 500) {
          fives++
          if (fives <= 5) failures.push(`fuzz: ${res.status} for ${url.slice(0, 200)}`)
        }
      } catch (e) {
        // fetch itself refuses some URLs before sending (that is the client, not the server).
        if ((e as Error).name === 'TimeoutError') {
          errors++
          failures.push(`fuzz: no answer in 20 s for ${url.slice(0, 200)}`)
        } else codes.set(0, (codes.get(0) ?? 0) + 1)
      }
    }
  }
  await Promise.all(Array.from({ length: 6 }, worker))
  const sent = urls.length - (codes.get(0) ?? 0)
  record('fuzz of every public route’s query string and path with hostile bytes: no 5xx', sent, sent - fives - errors, [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c || 'not sent'}: ${n}`).join(', '))
}

// ---------------------------------------------------------------- main

try {
  log(`working in ${work}${canUnshare ? '' : ' (unshare not permitted: namespace restarts will be SKIPPED)'}`)
  // Start the processes as users run them: from compiled JavaScript (as after npm install), not through tsx.
  const compiled = spawnSync('npm', ['run', '--silent', 'compile'], { cwd: ROOT, stdio: 'inherit' })
  if (compiled.status !== 0) throw new Error('npm run compile failed')
  const tpl = await template()
  log('seeded a template data directory')
  await liveServer(tpl)
  log('live server checks done')
  await serverKills(tpl)
  log('server kills done')
  if (timeLeft() > 60_000) await importKills(tpl)
  else skip('kill -9 of imports', 'the time budget ran out')
  log('import kills done')
} catch (e) {
  failures.push(`the suite itself failed: ${(e as Error).stack ?? e}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

const w = Math.max(...rows.map((r) => r.check.length), 10)
console.log(`\n| ${'check'.padEnd(w)} | tried | held | note |\n|${'-'.repeat(w + 2)}|------:|-----:|------|`)
for (const r of rows) console.log(`| ${r.check.padEnd(w)} | ${String(r.tried).padStart(5)} | ${String(r.held).padStart(4)} | ${r.note} |`)
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`)
if (failures.length) {
  console.log(`\nFAILED (${failures.length}):\n${failures.slice(0, 40).map((f) => `- ${f}`).join('\n')}`)
  process.exit(1)
}
console.log('\nAll held.')
process.exit(0)
