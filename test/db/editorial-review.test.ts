import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { importFile } from '../../src/importers/run.ts'
import { pendingGradeChanges, pendingMatches } from '../../src/store/review-queue.ts'
import { useApp } from '../helpers/app.ts'
import { curator, get, post } from '../helpers/editorial.ts'
import { backends } from '../helpers/store.ts'

const FIX = new URL('../fixtures/cebc/', import.meta.url).pathname

for (const backend of backends()) {
  describe(`the monitor's findings in the review queue on ${backend}`, () => {
    const ctx = useApp(backend)

    it('waits for a reviewer: a confirmed match adds the grade and holds for later snapshots; grade changes are confirmed', async () => {
      const db = ctx.store().db
      const app = ctx.app()
      const dir = mkdtempSync(join(tmpdir(), 'atlas-review-'))
      try {
        for (const f of ['2026-03-01.csv', '2026-09-01.csv']) await importFile(db, { clearinghouse: 'cebc', file: `${FIX}${f}`, importedBy: 'test' })
        const extra = `${readFileSync(`${FIX}2026-09-01.csv`, 'utf8').trimEnd()}\nc-9,Incredble Years,3 – Promising Research Evidence,2026-09,https://example.org/cebc/iy-typo,Parenting\n`
        writeFileSync(join(dir, '2026-10-01.csv'), extra)
        await importFile(db, { clearinghouse: 'cebc', file: join(dir, '2026-10-01.csv'), importedBy: 'test' })
        const pending = await pendingMatches(db)
        const typo = pending.find((p) => p.key === 'c-9')
        assert.ok(typo, JSON.stringify(pending))
        assert.equal(typo.suggestions[0]!.intervention, 'incredible-years')

        const ed = await curator(db, 'editor')
        const rev = await curator(db, 'reviewer')
        const page = await get(app, rev, '/admin/review')
        assert.equal(page.statusCode, 200)
        assert.match(page.body, /Incredble Years/)
        assert.equal((await post(app, ed, '/admin/review/matches', { clearinghouse: 'cebc', key: 'c-9', intervention: 'incredible-years' })).statusCode, 403)
        const before = await db.selectFrom('assessment').select('id').where('intervention_id', '=', 'incredible-years').execute()
        const decided = await post(app, rev, '/admin/review/matches', { clearinghouse: 'cebc', key: 'c-9', intervention: 'incredible-years' })
        assert.equal(decided.statusCode, 303, decided.body.slice(0, 300))
        const after = await db.selectFrom('assessment').selectAll().where('intervention_id', '=', 'incredible-years').orderBy('seq').execute()
        assert.equal(after.length, before.length + 1)
        assert.equal(after.at(-1)!.native_level, '3 – Promising Research Evidence')
        assert.equal((await pendingMatches(db)).some((p) => p.key === 'c-9'), false)
        assert.equal((await post(app, rev, '/admin/review/matches', { clearinghouse: 'cebc', key: 'c-9', intervention: 'incredible-years' })).statusCode, 409)

        // The next snapshot keeps the confirmed link and adds nothing new.
        writeFileSync(join(dir, '2026-11-01.csv'), extra.replace('iy-typo,Parenting', 'iy-typo,Parenting; Home Visiting'))
        await importFile(db, { clearinghouse: 'cebc', file: join(dir, '2026-11-01.csv'), retrievedAt: '2026-11-01', importedBy: 'test' })
        const rec = await db.selectFrom('snapshot_record').innerJoin('snapshot', 'snapshot.id', 'snapshot_record.snapshot_id').select(['snapshot_record.intervention_id', 'snapshot_record.match_kind']).where('snapshot.retrieved_at', '=', '2026-11-01').where('snapshot_record.key', '=', 'c-9').executeTakeFirstOrThrow()
        assert.deepEqual(rec, { intervention_id: 'incredible-years', match_kind: 'previous' })
        assert.equal((await db.selectFrom('assessment').select('id').where('intervention_id', '=', 'incredible-years').execute()).length, after.length)

        const changes = await pendingGradeChanges(db)
        assert.ok(changes.length > 0)
        const c = changes[0]!
        assert.equal((await post(app, ed, `/admin/review/changes/${c.id}`, { decision: 'confirmed' })).statusCode, 403)
        assert.equal((await post(app, rev, `/admin/review/changes/${c.id}`, { decision: 'confirmed', note: 'checked on the portal' })).statusCode, 303)
        assert.equal((await pendingGradeChanges(db)).some((x) => x.id === c.id), false)
        const audit = await db.selectFrom('audit_event').select(['action', 'actor']).where('action', 'like', 'monitor.%').execute()
        assert.deepEqual(audit.map((a) => a.action).sort(), ['monitor.grade-confirmed', 'monitor.match'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
