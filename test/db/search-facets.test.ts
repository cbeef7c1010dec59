import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { FACET_KEYS, FACETS, facetValueSql } from '../../src/store/facets.ts'
import { searchInterventions, whereAll, type InterventionQuery } from '../../src/store/interventions.ts'
import { loadVocabulary } from '../../src/store/vocabulary.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

const QUERIES: InterventionQuery[] = [
  { filters: {}, sort: 'tier', page: 1, pageSize: 10 },
  { q: 'bonding', filters: {}, sort: 'relevance', page: 1, pageSize: 10 },
  { filters: { need: ['lack-of-social-support', 'bonding-attachment-early-interaction'], grading: ['nordic'] }, sort: 'name', page: 1, pageSize: 5 },
  { q: 'parent', filters: { prevention: ['targeted'], format: ['group', 'home-visit'] }, sort: 'tier', page: 2, pageSize: 3 },
  { filters: { tier: ['strong', 'moderate'], age: ['0-3m'] }, sort: 'tier', page: 1, pageSize: 20 },
]

for (const backend of backends()) {
  describe(`search counts from the in-memory facet index on ${backend}`, () => {
    let store: TestStore
    before(async () => { store = await freshStore(backend) })
    after(async () => { await store?.close() })

    it('equal counting every facet in SQL under the other filters, and the total', async () => {
      const vocabulary = await loadVocabulary(store.db)
      for (const q of QUERIES) {
        const r = await searchInterventions(store.db, q, vocabulary)
        const total = await store.db.selectFrom('intervention').select(sql<number>`count(*)::int`.as('n')).where(whereAll(q)).executeTakeFirstOrThrow()
        assert.equal(r.total, total.n, JSON.stringify(q))
        for (const key of FACET_KEYS) {
          const rows = (await store.db.selectFrom('intervention').select([facetValueSql(key).as('value'), sql<number>`count(*)::int`.as('n')]).where(whereAll(q, key)).groupBy('value').execute()) as { value: string; n: number }[]
          const expected = new Map(rows.map((x) => [x.value, x.n]))
          for (const v of r.facets[key]) assert.equal(v.count, expected.get(v.value) ?? 0, `${JSON.stringify(q)} ${key}=${v.value} (${FACETS[key].column})`)
        }
        // The page is the right slice of the ordered matches.
        assert.ok(r.items.length <= q.pageSize && r.items.length === Math.max(0, Math.min(q.pageSize, r.total - (q.page - 1) * q.pageSize)))
      }
    })
  })
}
