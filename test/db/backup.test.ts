import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { decodeBackup, encodeBackup, readBackup, restoreBackup } from '../../src/store/backup.ts'
import { publishDraft, saveDraft } from '../../src/workflows/publish/drafts.ts'
import { recordState } from '../../src/store/drafts.ts'
import { searchInterventions } from '../../src/store/interventions.ts'
import { loadVocabulary } from '../../src/store/vocabulary.ts'
import { openStore } from '../../src/store/open.ts'
import { curator } from '../helpers/editorial.ts'
import { runCli } from '../helpers/process.ts'
import { backends, freshStore, type Backend } from '../helpers/store.ts'

const pairs: [Backend, Backend][] = backends().length > 1 ? [['pglite', 'postgres'], ['postgres', 'pglite']] : [['pglite', 'pglite']]

describe('backup and restore', () => {
  for (const [from, to] of pairs) {
    it(`round-trips ${from} → ${to} to an identical database`, async () => {
      const a = await freshStore(from)
      const b = await freshStore(to, { empty: true })
      try {
        const ed = await curator(a.db, 'editor')
        const rev = await curator(a.db, 'reviewer')
        const s = await recordState(a.db, 'intervention', 'pcit')
        const r = await saveDraft(a.db, ed, { kind: 'intervention', id: 'pcit', action: 'archive', document: null, token: s.token })
        assert.ok(r.ok)
        await publishDraft(a.db, rev, r.draftId, r.revision)
        const before = await readBackup(a.db)
        assert.equal('user_session' in before.tables, false)
        assert.ok(before.tables.audit_event!.rows.length > 0 && before.tables.app_user!.rows.length === 2)
        const file = decodeBackup('test.backup', encodeBackup(before))
        await restoreBackup(b.db, file)
        const after = await readBackup(b.db)
        assert.deepEqual(after.tables, before.tables)
        // Generated search columns are rebuilt, archived records stay hidden, and ids continue.
        const found = await searchInterventions(b.db, { q: 'marte meo', filters: {}, sort: 'relevance', page: 1, pageSize: 20 }, await loadVocabulary(b.db))
        assert.ok(JSON.stringify(found).includes('marte-meo'))
        assert.equal((await b.db.selectFrom('intervention').select('id').where('id', '=', 'pcit').execute()).length, 0)
        const next = await curator(b.db, 'admin')
        assert.ok(next.id > 2)
        await assert.rejects(restoreBackup(b.db, file), /not empty/)
      } finally {
        await a.close()
        await b.close()
      }
    })
  }

  it('works from the command line: user add, backup, restore into a new data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-backup-'))
    try {
      const env = { ATLAS_DATA_DIR: join(dir, 'one') }
      const add = runCli(['user', 'add', '--role', 'admin', '--email', 'First.Admin@Example.org', '--password', 'a long enough password'], env)
      assert.equal(await add.exited, 0, add.output())
      assert.match(add.output(), /Added first\.admin@example\.org as admin/)
      const weak = runCli(['user', 'add', '--role', 'admin', '--email', 'x@example.org', '--password', 'short'], env)
      assert.equal(await weak.exited, 1)
      assert.match(weak.output(), /at least 12 characters/)
      const backup = runCli(['backup', join(dir, 'atlas.backup')], env)
      assert.equal(await backup.exited, 0, backup.output())
      const restore = runCli(['restore', join(dir, 'atlas.backup')], { ATLAS_DATA_DIR: join(dir, 'two') })
      assert.equal(await restore.exited, 0, restore.output())
      const one = await openStore({ kind: 'pglite', dataDir: join(dir, 'one') })
      const two = await openStore({ kind: 'pglite', dataDir: join(dir, 'two') })
      try {
        assert.deepEqual((await readBackup(two.db)).tables, (await readBackup(one.db)).tables)
      } finally {
        await one.close()
        await two.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
