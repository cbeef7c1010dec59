import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { readDocument } from '../../src/store/documents.ts'
import { validateDocument } from '../../src/workflows/publish/validate.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

const files = await readCatalogue()

for (const backend of backends()) {
  describe(`records as documents on ${backend}`, () => {
    let store: TestStore
    before(async () => { store = await freshStore(backend) })
    after(async () => { await store?.close() })

    it('reads every published record back exactly as its data file holds it', async () => {
      const c = files.catalogue
      for (const iv of c.interventions) assert.deepEqual(await readDocument(store.db, 'intervention', iv.id), iv, iv.id)
      for (const n of c.needs.needs) assert.deepEqual(await readDocument(store.db, 'need', n.id), n, n.id)
      for (const ch of c.clearinghouses) assert.deepEqual(await readDocument(store.db, 'clearinghouse', ch.id), ch, ch.id)
      for (const set of c.evidenceSets) for (const s of set.statements) assert.deepEqual(await readDocument(store.db, 'evidence-statement', s.id), { ...s, set: set.id })
      assert.equal(await readDocument(store.db, 'intervention', 'no-such-thing'), undefined)
    })

    it('validates a proposed record by schema and by reference, naming the field', async () => {
      const iv = structuredClone(files.catalogue.interventions.find((i) => i.id === 'icdp')!)
      assert.equal((await validateDocument(store.db, 'intervention', 'icdp', iv)).ok, true)
      const noSource = structuredClone(iv) as any
      delete noSource.assessments[0].source
      const r1 = await validateDocument(store.db, 'intervention', 'icdp', noSource)
      assert.equal(r1.ok, false)
      assert.ok(!r1.ok && r1.issues.some((i) => i.path === 'assessments.0.source'), JSON.stringify(r1))
      const badNeed = structuredClone(iv)
      badNeed.needs[0]!.need = 'no-such-need'
      const r2 = await validateDocument(store.db, 'intervention', 'icdp', badNeed)
      assert.ok(!r2.ok && r2.issues.some((i) => i.path === 'needs.0.need' && /expected a need id/.test(i.message)), JSON.stringify(r2))
      const renamed = { ...iv, id: 'icdp-2' }
      const r3 = await validateDocument(store.db, 'intervention', 'icdp', renamed)
      assert.ok(!r3.ok && r3.issues[0]!.path === 'id')
    })
  })
}
