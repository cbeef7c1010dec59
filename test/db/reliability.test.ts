import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../src/app.ts'
import { importFile } from '../../src/importers/run.ts'
import { decodeBackup, encodeBackup, readBackup, restoreBackup } from '../../src/store/backup.ts'
import { publishDraft, saveDraft } from '../../src/workflows/publish/drafts.ts'
import { recordState } from '../../src/store/drafts.ts'
import { listChanges } from '../../src/store/changes.ts'
import { withdrawSnapshot } from '../../src/workflows/import/snapshot.ts'
import { attemptLogin, LOGIN_LIMIT } from '../../src/store/sessions.ts'
import { updateUser } from '../../src/store/users.ts'
import { inconsistencies } from '../helpers/consistency.ts'
import { curator, get, PASSWORD, post } from '../helpers/editorial.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

const FIX = new URL('../fixtures/', import.meta.url).pathname

for (const backend of backends()) {
  describe(`reliability rules on ${backend}`, () => {
    let store: TestStore
    before(async () => {
      store = await freshStore(backend)
    })
    after(async () => {
      await store?.close()
    })

    it('checks at most 5 of 40 parallel wrong passwords, and never locks the owner out from elsewhere', async () => {
      const owner = await curator(store.db, 'editor', 'owner@example.org')
      const results = await Promise.all(Array.from({ length: 40 }, () => attemptLogin(store.db, owner.email, 'wrong password!!', '203.0.113.9')))
      const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length
      assert.ok(checked <= LOGIN_LIMIT.failures, `${checked} passwords were checked`)
      assert.equal(results.filter((r) => !r.ok && r.reason === 'limited').length, 40 - checked)
      // The attacker's address is locked for this account; the owner's is not.
      assert.deepEqual(await attemptLogin(store.db, owner.email, PASSWORD, '203.0.113.9'), { ok: false, reason: 'limited' })
      const mine = await attemptLogin(store.db, owner.email, PASSWORD, '198.51.100.7')
      assert.equal(mine.ok, true)
    })

    it('refuses a draft\'s own writer as its publisher, even after they were made reviewer', async () => {
      const ed = await curator(store.db, 'editor', 'drafter@example.org')
      const admin = await curator(store.db, 'admin', 'boss@example.org')
      const s = await recordState(store.db, 'intervention', 'marte-meo')
      const saved = await saveDraft(store.db, ed, { kind: 'intervention', id: 'marte-meo', action: 'update', document: { ...(s.live as object), dosage: 'Written and published by one person?' }, token: s.token })
      assert.ok(saved.ok, JSON.stringify(saved))
      await updateUser(store.db, ed.id, { role: 'reviewer' }, admin)
      await assert.rejects(publishDraft(store.db, { ...ed, role: 'reviewer' }, saved.draftId, saved.revision), /two-person rule/)
      const rev = await curator(store.db, 'reviewer', 'other@example.org')
      await publishDraft(store.db, rev, saved.draftId, saved.revision)
    })

    it('takes backups in one snapshot while people publish: every one restores consistent (12 of 12)', async () => {
      const ed = await curator(store.db, 'editor', 'busy-editor@example.org')
      const rev = await curator(store.db, 'reviewer', 'busy-reviewer@example.org')
      const ids = ['marte-meo']
      let stop = false
      let published = 0
      const publisher = (async () => {
        for (let i = 0; !stop; i++) {
          // PGlite answers through microtasks alone: give the timers (and the backups) their turn.
          await new Promise((r) => setImmediate(r))
          const id = ids[i % ids.length]!
          const s = await recordState(store.db, 'intervention', id)
          if (!s.live) continue
          const r = await saveDraft(store.db, ed, { kind: 'intervention', id, action: 'update', document: { ...(s.live as object), dosage: `Edition ${i} of the dosage.` }, token: s.token })
          if (r.ok) {
            await publishDraft(store.db, rev, r.draftId, r.revision)
            published++
          }
        }
      })()
      const backups = []
      for (let i = 0; i < 12; i++) {
        backups.push(encodeBackup(await readBackup(store.db)))
        await new Promise((r) => setTimeout(r, 15))
      }
      stop = true
      await publisher
      assert.ok(published >= 3, `only ${published} publishes ran beside the backups`)
      for (const [i, bytes] of backups.entries()) {
        const target = await freshStore('pglite', { empty: true })
        try {
          await restoreBackup(target.db, decodeBackup(`backup ${i}`, bytes))
          assert.deepEqual(await inconsistencies(target.db), [], `backup ${i}`)
        } finally {
          await target.close()
        }
      }
    })

    it('withdraws a wrongly dated snapshot through a reviewer: hidden with its events and grades, audited, and the right one imports', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-withdraw-'))
      try {
        // Refused outright: not a date, or a future one.
        for (const retrievedAt of ['2030-13-45', '9999-99-99', '2099-12-31'])
          await assert.rejects(importFile(store.db, { clearinghouse: 'cebc', file: join(FIX, 'cebc/2026-03-01.csv'), retrievedAt, importedBy: 't' }), /retrieval date/)
        // Imported under a wrong (past) date, then withdrawn.
        const wrong = await importFile(store.db, { clearinghouse: 'cebc', file: join(FIX, 'cebc/2026-03-01.csv'), retrievedAt: '2026-11-01', importedBy: 't' })
        assert.ok(wrong.imported)
        assert.ok((await listChanges(store.db, { clearinghouse: ['cebc'], page: 1, pageSize: 50 })).total > 0)
        await assert.rejects(withdrawSnapshot(store.db, { email: 'r@example.org' }, wrong.snapshotId, 'short'), /Say why/)
        const rev = await curator(store.db, 'reviewer', 'withdrawer@example.org')
        const app = await buildApp({ db: store.db })
        try {
          const ed = await curator(store.db, 'editor', 'not-a-reviewer@example.org')
          assert.equal((await post(app, ed, `/admin/snapshots/${wrong.snapshotId}/withdraw`, { reason: 'Imported with the wrong retrieval date' })).statusCode, 403)
          const res = await post(app, rev, `/admin/snapshots/${wrong.snapshotId}/withdraw`, { reason: 'Imported with the wrong retrieval date' })
          assert.equal(res.statusCode, 200, res.body)
          assert.match(res.body, /Withdrew snapshot/)
          assert.match((await get(app, rev, '/admin/audit')).body, /snapshot.withdraw/)
        } finally {
          await app.close()
        }
        assert.equal((await listChanges(store.db, { clearinghouse: ['cebc'], page: 1, pageSize: 50 })).total, 0)
        const grades = await store.db.selectFrom('assessment').select('id').where('snapshot_id', '=', wrong.snapshotId).execute()
        assert.equal(grades.length, 0)
        const snap = await store.db.selectFrom('snapshot').select('id').where('id', '=', wrong.snapshotId).executeTakeFirst()
        assert.ok(snap, 'the snapshot itself is kept')
        // The real snapshots import again, in order (the withdrawn one no longer blocks them).
        copyFileSync(join(FIX, 'cebc/2026-03-01.csv'), join(dir, '2026-03-01.csv'))
        const right = await importFile(store.db, { clearinghouse: 'cebc', file: join(dir, '2026-03-01.csv'), importedBy: 't' })
        assert.ok(right.imported)
        assert.deepEqual(await inconsistencies(store.db), [])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}

describe('the web layer under hostile requests', () => {
  let store: TestStore
  let app: Awaited<ReturnType<typeof buildApp>>
  before(async () => {
    store = await freshStore('pglite')
    app = await buildApp({ db: store.db }, { publicUrl: 'https://atlas.example.org/', cacheBytes: 60_000 })
  })
  after(async () => {
    await app?.close()
    await store?.close()
  })

  it('answers NUL in a query or id, and a malformed Origin, with a 4xx', async () => {
    for (const url of ['/interventions?q=a%00b', '/api/v1/interventions?q=%00', '/interventions/ic%00dp', '/api/v1/interventions/x%00', '/changes?kind=%00'])
      assert.equal((await app.inject(url)).statusCode, 400, url)
    const ed = await curator(store.db, 'editor', 'origin@example.org')
    for (const origin of ['http://[bad', 'not a url', '::::'])
      assert.equal((await app.inject({ method: 'POST', url: '/logout', headers: { origin, cookie: ed.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${ed.csrf}` })).statusCode, 403, origin)
  })

  it('decides finder privacy on the matched route: encoded paths are no-store and never cached', async () => {
    for (const url of ['/%66inder?needs=lack-of-social-support', '/api/v1/%66inder?needs=lack-of-social-support', '/finder?needs=lack-of-social-support', '/f%69nder/summary?needs=lack-of-social-support']) {
      for (let i = 0; i < 2; i++) {
        const res = await app.inject(url)
        assert.equal(res.statusCode, 200, url)
        assert.equal(res.headers['cache-control'], 'no-store', url)
        assert.equal(res.headers['x-atlas-cache'], undefined, url)
      }
    }
  })

  it('gives URL-error pages the same security headers as every page', async () => {
    for (const url of ['/%', '/interventions/%E0%A4%A', '/%zz']) {
      const res = await app.inject(url)
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`)
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, url)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
    }
  })

  it('builds absolute links from ATLAS_PUBLIC_URL, never from Host', async () => {
    for (const url of ['/changes/feed.atom', '/changes/feed.json', '/interventions.csv']) {
      const evil = await app.inject({ url, headers: { host: 'evil.example' } })
      assert.equal(evil.statusCode, 200, url)
      assert.ok(!evil.body.includes('evil.example'), url)
      const later = await app.inject(url)
      assert.ok(!later.body.includes('evil.example'), `${url} from the cache`)
      if (url !== '/changes/feed.json') assert.ok(later.body.includes('https://atlas.example.org/') || url === '/changes/feed.atom', url)
    }
  })

  it('bounds the response cache by bytes', async () => {
    // 60 kB of cache: many distinct pages never hold more than that.
    let cached = 0
    for (let i = 0; i < 40; i++) {
      const res = await app.inject(`/interventions?q=a${i}`)
      assert.equal(res.statusCode, 200)
      cached += res.body.length
      assert.ok(app.responseCacheBytes() <= 60_000, `${app.responseCacheBytes()} bytes after ${i + 1} pages`)
    }
    assert.ok(cached > 120_000, `the pages together (${cached} bytes) are larger than the cache`)
    assert.ok(app.responseCacheBytes() > 0)
  })
})
