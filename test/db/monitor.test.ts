import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { ImportError } from '../../src/importers/read-snapshot.ts'
import { importFile, monitorFolder } from '../../src/importers/run.ts'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

const FIX = new URL('../fixtures/', import.meta.url).pathname
const ADAPTERS: [string, string, string][] = [
  ['ungsinn', '2026-01-15.csv', '2026-06-15.csv'],
  ['kasvun-tuki', '2026-02-01.csv', '2026-08-01.csv'],
  ['eif-guidebook', '2026-01-10.csv', '2026-05-10.csv'],
  ['cebc', '2026-03-01.csv', '2026-09-01.csv'],
  ['title-iv-e', '2026-02-20.csv', '2026-07-20.csv'],
  ['blueprints', '2024-03-01.json', '2024-06-30.json'],
]
// What the second snapshot of each fixture adds, delists and regrades (by record key).
const EXPECTED: Record<string, { added: string[]; delisted: string[]; regraded: [string, 'up' | 'down'][] }> = {
  ungsinn: { added: ['u-400'], delisted: ['u-200'], regraded: [['u-100', 'up']] },
  'kasvun-tuki': { added: ['k-4'], delisted: ['k-2'], regraded: [['k-1', 'down']] },
  'eif-guidebook': { added: ['e-4'], delisted: ['e-3'], regraded: [['e-2', 'up']] },
  cebc: { added: ['c-4'], delisted: ['c-3'], regraded: [['c-2', 'up']] },
  'title-iv-e': { added: ['t-4'], delisted: ['t-2'], regraded: [['t-3', 'down']] },
  blueprints: { added: ['b-4'], delisted: ['b-3'], regraded: [['b-2', 'up']] },
}

for (const backend of backends()) {
  describe(`clearinghouse monitor on ${backend}`, () => {
    const ctx = useApp(backend)
    const db = () => ctx.store().db
    const count = async (table: 'snapshot' | 'assessment' | 'change_event') => (await db().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n
    const imp = (clearinghouse: string, file: string, extra: { mappingFile?: string } = {}) => importFile(db(), { clearinghouse, file, importedBy: 'test', ...extra })

    for (const [ch, first, second] of ADAPTERS) {
      it(`${ch}: two dated snapshots give exactly the added, delisted and regraded programmes`, async () => {
        const a = await imp(ch, join(FIX, ch, first))
        assert.ok(a.imported)
        assert.ok(a.events.every((e) => e.kind === 'added'))
        const b = await imp(ch, join(FIX, ch, second))
        assert.ok(b.imported)
        const keys = (kind: string) => b.events.filter((e) => e.kind === kind).map((e) => e.key).sort()
        assert.deepEqual(keys('added'), EXPECTED[ch]!.added)
        assert.deepEqual(keys('delisted'), EXPECTED[ch]!.delisted)
        assert.deepEqual(b.events.filter((e) => e.kind === 'grade-changed').map((e) => [e.key, e.direction]), EXPECTED[ch]!.regraded)
      })
    }

    it('adds a regrade of a matched intervention to its history, keeping the earlier grades', async () => {
      const icdp = await db().selectFrom('assessment').select(['seq', 'native_level', 'tier_id', 'retrieved_at', 'source']).where('intervention_id', '=', 'icdp').where('clearinghouse_id', '=', 'ungsinn').orderBy('seq').execute()
      assert.deepEqual(icdp.map((a) => a.native_level), ['evidensnivå 3 Tiltak med noe dokumentasjon på effekt', 'evidensnivå 4 av 5 mulige', 'Evidensnivå 5'])
      assert.equal(icdp.at(-1)!.retrieved_at, '2026-06-15')
      assert.match(String((icdp.at(-1)!.source as { document: string }).document), /Snapshot "2026-06-15.csv" of Ungsinn/)
      assert.equal(icdp.at(-1)!.source && (await db().selectFrom('assessment').select('quote').where('intervention_id', '=', 'icdp').orderBy('seq', 'desc').executeTakeFirstOrThrow()).quote, 'International Child Development Programme: Evidensnivå 5', 'the snapshot record is the grade\'s proof')
      const iv = await db().selectFrom('intervention').select('best_tier').where('id', '=', 'icdp').executeTakeFirstOrThrow()
      assert.equal(iv.best_tier, 'strong', 'the derived best tier follows the new grade')
      const page = (await ctx.app().inject('/interventions/icdp')).body
      assert.match(page, /Evidensnivå 5/)
      assert.match(page, /Superseded by a later grade/)
      // An unchanged grade adds nothing: PCIT was Well-Supported in the catalogue and in both snapshots.
      const shipped = (await readCatalogue()).catalogue.interventions.find((i) => i.id === 'pcit')!.assessments.length
      assert.equal((await db().selectFrom('assessment').select('id').where('intervention_id', '=', 'pcit').execute()).length, shipped)
    })

    it('changes nothing when the same file is imported again', async () => {
      const before = [await count('snapshot'), await count('assessment'), await count('change_event')]
      const again = await imp('cebc', join(FIX, 'cebc', '2026-09-01.csv'))
      assert.equal(again.imported, false)
      assert.deepEqual([await count('snapshot'), await count('assessment'), await count('change_event')], before)
    })

    it('refuses a snapshot older than one already imported', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-old-'))
      try {
        const older = join(dir, '2026-01-16.csv')
        cpSync(join(FIX, 'ungsinn', '2026-01-15.csv'), older)
        const { appendFileSync } = await import('node:fs')
        appendFileSync(older, 'u-500,Testtiltak D (syntetisk),Nivå 2,2025,https://example.org/ungsinn/d\n')
        await assert.rejects(importFile(db(), { clearinghouse: 'ungsinn', file: older, importedBy: 't' }), /A later snapshot of ungsinn \(retrieved 2026-06-15.*import snapshots in date order/)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    for (const [file, line, field, re] of [
      ['kasvun-tuki-latin1-2026-09-01.csv', 1, null, /not valid UTF-8.*Latin-1/],
      ['cebc-truncated-2026-10-01.csv', 3, null, /not well-formed CSV/],
      ['cebc-wrong-shape-2026-10-01.csv', 1, null, /no column for the grade; expected one of: scientific rating/],
      ['cebc-unknown-grade-2026-10-01.csv', 3, 'scientific rating', /unknown grade "Excellent"; expected a level of scale cebc-scientific-rating/],
    ] as const) {
      it(`refuses ${file} naming where and what was expected, and keeps everything as it was`, async () => {
        const before = [await count('snapshot'), await count('assessment'), await count('change_event')]
        const ch = file.startsWith('kasvun') ? 'kasvun-tuki' : 'cebc'
        try {
          await imp(ch, join(FIX, 'broken', file))
          assert.fail('accepted')
        } catch (e) {
          assert.ok(e instanceof ImportError, String(e))
          assert.equal(e.file, file)
          const issue = e.issues[0]!
          assert.equal(issue.line, line)
          assert.equal(issue.field, field)
          assert.match(issue.message, re)
          assert.match(e.message, new RegExp(`${file.replace('.', '\\.')}, line ${line}`))
        }
        assert.deepEqual([await count('snapshot'), await count('assessment'), await count('change_event')], before)
      })
    }

    it('reads any other portal through a generic mapping file', async () => {
      const r = await imp('grune-liste', join(FIX, 'generic', 'grune-liste', '2026-04-01.csv'), { mappingFile: join(FIX, 'generic', 'grune-liste', 'mapping.json') })
      assert.ok(r.imported)
      assert.equal(r.events.length, 2)
      await assert.rejects(imp('grune-liste', join(FIX, 'generic', 'grune-liste', '2026-04-01.csv')), /no built-in adapter for "grune-liste"/)
    })

    it('lists the changes on /changes, in the API and in Atom and JSON feeds, with filters', async () => {
      const api = JSON.parse((await ctx.app().inject('/api/v1/changes?kind=grade-changed&clearinghouse=ungsinn')).body)
      assert.deepEqual(api.items.map((e: any) => [e.name, e.direction, e.intervention]), [['International Child Development Programme', 'up', 'icdp']])
      const byNeed = JSON.parse((await ctx.app().inject('/api/v1/changes?need=relationship-challenges')).body)
      assert.ok(byNeed.items.length > 0 && byNeed.items.every((e: any) => ['parenting-together-project', 'family-foundations'].includes(e.intervention)))
      const page = await ctx.app().inject('/changes?kind=delisted')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/changes\/feed.atom\?kind=delisted"/)
      assert.match(page.body, /<link rel="alternate" type="application\/feed\+json"/)
      assert.match(page.body, /no longer lists Testtiltak A \(syntetisk\)/)
      const atom = await ctx.app().inject('/changes/feed.atom?kind=grade-changed')
      assert.match(atom.headers['content-type'] as string, /application\/atom\+xml/)
      assert.match(atom.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/)
      assert.equal((atom.body.match(/<entry>/g) ?? []).length, 6)
      const jf = JSON.parse((await ctx.app().inject('/changes/feed.json')).body)
      assert.equal(jf.version, 'https://jsonfeed.org/version/1')
      assert.ok(jf.items.length >= 24)
      assert.equal((await ctx.app().inject('/api/v1/changes?kind=sideways')).statusCode, 400)
    })

    if (backend === 'pglite') {
      it('monitors a folder in date order, posting each new change to a webhook, and skips what it has seen', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'atlas-monitor-'))
        try {
          // A fresh store: this run's imports above already hold these snapshots.
          const { freshStore } = await import('../helpers/store.ts')
          const store = await freshStore('pglite')
          for (const [ch] of ADAPTERS) cpSync(join(FIX, ch), join(folder, ch), { recursive: true })
          const received: any[] = []
          const server = createServer((req, res) => {
            let body = ''
            req.on('data', (d) => (body += d))
            req.on('end', () => {
              received.push(JSON.parse(body))
              res.end('ok')
            })
          })
          await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
          const hook = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
          const report = await monitorFolder(store.db, folder, { importedBy: 'cron', webhook: hook })
          assert.deepEqual(report.failed, [])
          assert.equal(report.imported.length, 12)
          assert.deepEqual(report.imported.map((i) => i.file.split('/')[1]), [...report.imported.map((i) => i.file.split('/')[1])].sort())
          const total = report.imported.reduce((s, i) => s + i.events, 0)
          assert.equal(received.length, total)
          assert.ok(received.every((e) => e.type === 'perinatal-atlas.change' && typeof e.kind === 'string'))
          const again = await monitorFolder(store.db, folder, { importedBy: 'cron', webhook: hook })
          assert.equal(again.imported.length, 0)
          assert.equal(again.skipped.length, 12)
          cpSync(join(FIX, 'broken', 'cebc-unknown-grade-2026-10-01.csv'), join(folder, 'cebc', '2026-10-01.csv'))
          const bad = await monitorFolder(store.db, folder, { importedBy: 'cron' })
          assert.equal(bad.failed.length, 1)
          assert.match(bad.failed[0]!.error, /2026-10-01\.csv, line 3, field "scientific rating": unknown grade "Excellent"/)
          server.close()
          await store.close()
        } finally {
          rmSync(folder, { recursive: true, force: true })
        }
      })
    }
  })
}
