// How much SQL a request and a publish run, counted at the database handle: a warm catalogue page
// reads only its rows (everything else is held per catalogue revision), and a reviewer's publish of
// one intervention stays within a fixed number of statements however large the catalogue is.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { recordState } from '../../src/store/drafts.ts'
import { addUser } from '../../src/store/users.ts'
import { publishDraft, saveDraft } from '../../src/workflows/publish/drafts.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

for (const backend of backends()) {
  describe(`statement budget on ${backend}`, () => {
    let store: TestStore
    let app: FastifyInstance
    let counting = false
    const seen: string[] = []
    const counted = async (run: () => Promise<unknown>) => {
      seen.length = 0
      counting = true
      try {
        await run()
      } finally {
        counting = false
      }
      return [...seen]
    }
    before(async () => {
      store = await freshStore(backend, { onQuery: (s) => void (counting && seen.push(s)) })
      // Without the response cache: every request below is rendered, not replayed.
      app = await buildApp({ db: store.db }, { cache: false })
    })
    after(async () => {
      await app?.close()
      await store?.close()
    })

    it('a warm /interventions page runs at most 2 statements, in every language and with facets', async () => {
      for (const url of ['/interventions', '/interventions?lang=fi&need=bonding-attachment-early-interaction&sort=tier', '/interventions.json?prevention=targeted&page=2']) {
        await app.inject(url) // warm: per-revision data built
        const sql = await counted(async () => assert.equal((await app.inject(`${url}${url.includes('?') ? '&' : '?'}utm=x`)).statusCode, 200))
        assert.ok(sql.length <= 2, `${url}: ${sql.length} statements:\n${sql.join('\n')}`)
        // The counter sees real work: the page's rows are read each time.
        assert.ok(sql.some((s) => /from "intervention"/.test(s)), `${url}: the page's rows were not read:\n${sql.join('\n')}`)
      }
    })

    it('a reviewer publishes one intervention in at most 15 statements, the first edit of a loaded record included', async () => {
      const ed = await addUser(store.db, { email: 'budget-ed@example.org', password: 'correct horse battery', role: 'editor' }, 'test')
      const rev = await addUser(store.db, { email: 'budget-rev@example.org', password: 'correct horse battery', role: 'reviewer' }, 'test')
      for (const dosage of ['Twelve weekly sessions (first edit).', 'Twelve weekly sessions (second edit).']) {
        const s = await recordState(store.db, 'intervention', 'icdp')
        const saved = await saveDraft(store.db, ed, { kind: 'intervention', id: 'icdp', action: 'update', document: { ...(s.live as object), dosage }, token: s.token })
        assert.ok(saved.ok, JSON.stringify(saved))
        const sql = await counted(() => publishDraft(store.db, rev, saved.draftId, saved.revision))
        assert.ok(sql.length <= 15, `publish: ${sql.length} statements:\n${sql.join('\n')}`)
        assert.ok(sql.some((s) => /insert into "record_version"/.test(s)))
        assert.equal(((await recordState(store.db, 'intervention', 'icdp')).live as { dosage: string }).dosage, dosage)
      }
    })
  })
}
