// How much SQL a request and a publish run, counted at the database handle: a warm catalogue page
// reads at most its rows, in one statement (everything else, and rows already read, is held per
// catalogue revision); a new text query adds one statement, its parse; and a reviewer's publish of
// one intervention stays within a fixed number of statements however large the catalogue is.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { recordState } from '../../src/store/drafts.ts'
import { addUser } from '../../src/store/users.ts'
import { warmSearchIndex } from '../../src/store/search-index.ts'
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

    it('a warm /interventions page reads its rows in one statement, and no statement once they were read', async () => {
      for (const warm of ['/interventions', '/interventions?lang=fi']) await app.inject(warm) // per revision and language: vocabularies, facet index
      await warmSearchIndex(store.db)
      for (const url of ['/interventions?sort=name&page=2', '/interventions?lang=fi&need=bonding-attachment-early-interaction&sort=name&page=3', '/interventions.json?prevention=targeted&page=2&sort=name']) {
        const first = await counted(async () => assert.equal((await app.inject(url)).statusCode, 200))
        assert.equal(first.length, 1, `${url}: ${first.length} statements:\n${first.join('\n')}`)
        // The counter sees real work: the page's rows and their grades, read together.
        assert.match(first[0]!, /from intervention i where i\.id = any/, url)
        const again = await counted(async () => assert.equal((await app.inject(`${url}&utm=x`)).statusCode, 200))
        assert.equal(again.length, 0, `${url} again: ${again.length} statements:\n${again.join('\n')}`)
      }
    })

    it('a new text query adds one statement, its parse', async () => {
      await warmSearchIndex(store.db)
      // Parses are kept per process, so each database gets texts of its own.
      for (const q of backend === 'pglite' ? ['vauva', 'tidlig innsats', 'incredble years'] : ['perhe', 'tidig insats', 'incredible yers']) {
        const sql = await counted(async () => assert.equal((await app.inject(`/interventions?q=${encodeURIComponent(q)}`)).statusCode, 200))
        assert.ok(sql.length >= 1 && sql.length <= 2, `${q}: ${sql.length} statements:\n${sql.join('\n')}`)
        assert.match(sql[0]!, /prepared: parse-(query|words)/, q)
        const again = await counted(() => app.inject(`/interventions?q=${encodeURIComponent(q)}&utm=x`))
        assert.equal(again.length, 0, `${q} again:\n${again.join('\n')}`)
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
