import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { getIntervention } from '../../src/store/interventions.ts'
import { listAudit } from '../../src/store/audit.ts'
import { getVersion, listArchived, listVersions, recordState } from '../../src/store/drafts.ts'
import { publishDraft, rejectDraft, saveDraft } from '../../src/workflows/publish/drafts.ts'
import { type Actor } from '../../src/domain/roles.ts'
import { currentRevision } from '../../src/store/revision.ts'
import { addUser } from '../../src/store/users.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

for (const backend of backends()) {
  describe(`drafts, review and versions on ${backend}`, () => {
    let store: TestStore
    let ed: Actor, ed2: Actor, rev: Actor
    before(async () => {
      store = await freshStore(backend)
      ed = { ...(await addUser(store.db, { email: 'ed@example.org', password: 'correct horse battery', role: 'editor' }, 'test')) }
      ed2 = { ...(await addUser(store.db, { email: 'ed2@example.org', password: 'correct horse battery', role: 'editor' }, 'test')) }
      rev = { ...(await addUser(store.db, { email: 'rev@example.org', password: 'correct horse battery', role: 'reviewer' }, 'test')) }
    })
    after(async () => { await store?.close() })

    it('keeps a draft off the public site until a reviewer publishes it, then keeps both versions', async () => {
      const s0 = await recordState(store.db, 'intervention', 'icdp')
      const doc = { ...(s0.live as any), dosage: 'Twelve sessions, in the edited wording.' }
      const saved = await saveDraft(store.db, ed, { kind: 'intervention', id: 'icdp', action: 'update', document: doc, token: s0.token })
      assert.ok(saved.ok, JSON.stringify(saved))
      assert.notEqual((await getIntervention(store.db, 'icdp'))!.dosage, doc.dosage)
      const r0 = await currentRevision(store.db)
      await publishDraft(store.db, rev, saved.draftId, saved.revision)
      assert.equal((await getIntervention(store.db, 'icdp'))!.dosage, doc.dosage)
      assert.equal(await currentRevision(store.db), r0 + 1)
      const versions = await listVersions(store.db, 'intervention', 'icdp')
      assert.deepEqual(versions.map((v) => [v.version, v.action]), [[2, 'update'], [1, 'load']])
      assert.equal(((await getVersion(store.db, 'intervention', 'icdp', 1))!.document as any).dosage, (s0.live as any).dosage)
      const audit = await listAudit(store.db, { kind: 'intervention', recordId: 'icdp' })
      const pub = audit.find((a) => a.action === 'publish.update')!
      assert.equal(pub.actor, 'rev@example.org')
      assert.equal((pub.before as any).dosage, (s0.live as any).dosage)
      assert.equal((pub.after as any).dosage, doc.dosage)
    })

    it('refuses a stale save with both versions, and restores an earlier version through review', async () => {
      const s = await recordState(store.db, 'intervention', 'icdp')
      const first = await saveDraft(store.db, ed, { kind: 'intervention', id: 'icdp', action: 'update', document: { ...(s.live as any), origin: 'Norway, first editor' }, token: s.token })
      assert.ok(first.ok)
      const second = await saveDraft(store.db, ed2, { kind: 'intervention', id: 'icdp', action: 'update', document: { ...(s.live as any), origin: 'Norway, second editor' }, token: s.token })
      assert.ok(!second.ok && second.kind === 'conflict')
      assert.equal((second.theirs.document as any).origin, 'Norway, first editor')
      assert.equal(second.theirs.by, 'ed@example.org')
      // Rejected, then the first version is restored and published.
      await rejectDraft(store.db, rev, first.draftId, first.revision, 'not sourced')
      const v1 = await getVersion(store.db, 'intervention', 'icdp', 1)
      const s2 = await recordState(store.db, 'intervention', 'icdp')
      const restored = await saveDraft(store.db, ed, { kind: 'intervention', id: 'icdp', action: 'update', document: v1!.document, token: s2.token, restoresVersion: 1 })
      assert.ok(restored.ok)
      await publishDraft(store.db, rev, restored.draftId, restored.revision)
      assert.deepEqual((await recordState(store.db, 'intervention', 'icdp')).live, v1!.document)
      assert.equal((await listVersions(store.db, 'intervention', 'icdp'))[0]!.action, 'restore')
    })

    it('refuses an invalid draft naming the field, and publishing over a record that moved on', async () => {
      const s = await recordState(store.db, 'intervention', 'icdp')
      const bad = structuredClone(s.live) as any
      bad.assessments[0].source = { retrievedAt: '2026-11-26' }
      const r = await saveDraft(store.db, ed, { kind: 'intervention', id: 'icdp', action: 'update', document: bad, token: s.token })
      assert.ok(!r.ok && r.kind === 'invalid' && r.issues.some((i) => i.path.startsWith('assessments.0.source')), JSON.stringify(r))
      await assert.rejects(publishDraft(store.db, rev, 999999, 1), /no such draft/)
    })

    it('archives without erasing: hidden from the public, listed as archived, restorable', async () => {
      const s = await recordState(store.db, 'intervention', 'pcit')
      const a = await saveDraft(store.db, ed, { kind: 'intervention', id: 'pcit', action: 'archive', document: null, token: s.token })
      assert.ok(a.ok)
      await publishDraft(store.db, rev, a.draftId, a.revision)
      assert.equal(await getIntervention(store.db, 'pcit'), undefined)
      const archived = await listArchived(store.db)
      assert.deepEqual(archived.map((x) => x.record_id), ['pcit'])
      const s2 = await recordState(store.db, 'intervention', 'pcit')
      assert.ok(s2.archived)
      const back = await saveDraft(store.db, ed, { kind: 'intervention', id: 'pcit', action: 'update', document: s2.archived!.document, token: s2.token, restoresVersion: s2.archived!.version })
      assert.ok(back.ok, JSON.stringify(back))
      await publishDraft(store.db, rev, back.draftId, back.revision)
      assert.equal((await getIntervention(store.db, 'pcit'))!.id, 'pcit')
    })

    it('re-tiers grades when a reviewer publishes a changed tier mapping', async () => {
      const s = await recordState(store.db, 'clearinghouse', 'kasvun-tuki')
      const ch = structuredClone(s.live) as any
      const graded = await store.db.selectFrom('assessment').select(['scale_id', 'level_id', 'tier_id']).where('intervention_id', '=', 'icdp').where('clearinghouse_id', '=', 'kasvun-tuki').executeTakeFirstOrThrow()
      const level = ch.scales.find((x: any) => x.id === graded.scale_id).levels.find((l: any) => l.id === graded.level_id)
      assert.equal(level.tier, graded.tier_id)
      level.tier = graded.tier_id === 'strong' ? 'moderate' : 'strong'
      const r = await saveDraft(store.db, ed, { kind: 'clearinghouse', id: 'kasvun-tuki', action: 'update', document: ch, token: s.token })
      assert.ok(r.ok, JSON.stringify(r))
      await publishDraft(store.db, rev, r.draftId, r.revision)
      const now = await store.db.selectFrom('assessment').select('tier_id').where('intervention_id', '=', 'icdp').where('clearinghouse_id', '=', 'kasvun-tuki').where('level_id', '=', graded.level_id).executeTakeFirstOrThrow()
      assert.equal(now.tier_id, level.tier)
    })
  })
}
