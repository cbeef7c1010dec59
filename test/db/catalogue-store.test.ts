import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { catalogueVersion, loadCatalogue } from '../../src/store/catalogue-writer.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

const TABLES = ['tier', 'framework_domain', 'need', 'clearinghouse', 'rating_scale', 'scale_level', 'intervention', 'intervention_need', 'assessment', 'report_table', 'report_inclusion', 'evidence_set', 'evidence_statement'] as const

/** Every row of every catalogue table, as text, to compare two states of the database. */
async function snapshot(store: TestStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of TABLES) {
    const { rows } = await sql<{ r: string }>`select t::text as r from ${sql.table(t)} t order by 1`.execute(store.db)
    out[t] = rows.map((x) => x.r)
  }
  return out
}

for (const backend of backends()) {
  describe(`catalogue store on ${backend}`, () => {
    let store: TestStore
    before(async () => { store = await freshStore(backend, { empty: true }) })
    after(async () => { await store.close() })

    it('loads the shipped catalogue into an empty database', async () => {
      const read = await readCatalogue()
      const outcome = await loadCatalogue(store.db, read)
      assert.deepEqual(outcome, { loaded: true, version: read.version, interventions: read.catalogue.interventions.length })
      assert.equal(await catalogueVersion(store.db), read.version)
      const n = await store.db.selectFrom('assessment').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
      assert.equal(n.n, read.catalogue.interventions.reduce((s, i) => s + i.assessments.length, 0))
    })

    it('changes nothing when loaded again', async () => {
      const before = await snapshot(store)
      const outcome = await loadCatalogue(store.db, await readCatalogue())
      assert.equal(outcome.loaded, false)
      assert.deepEqual(await snapshot(store), before)
    })

    it('does not replace another version unless asked', async () => {
      const read = await readCatalogue()
      const other = { ...read, version: 'another-version' }
      const refused = await loadCatalogue(store.db, other)
      assert.equal(refused.loaded, false)
      assert.match((refused as { reason: string }).reason, /--replace/)
      const before = await snapshot(store)
      const replaced = await loadCatalogue(store.db, other, { replace: true })
      assert.equal(replaced.loaded, true)
      assert.deepEqual(await snapshot(store), before, 'the same files give the same rows')
    })

    it('loads all or nothing: a failure half-way leaves the previous data intact', async () => {
      const before = await snapshot(store)
      const versionBefore = await catalogueVersion(store.db)
      const read = await readCatalogue()
      // Bypass file validation to make the database itself refuse the last intervention.
      const broken = structuredClone(read.catalogue.interventions)
      broken.at(-1)!.needs.push({ need: 'no-such-need', role: 'secondary', basis: 'broken on purpose' })
      const bad = { version: 'broken', catalogue: { ...read.catalogue, interventions: broken } }
      await assert.rejects(loadCatalogue(store.db, bad, { replace: true }), /foreign key|violates/)
      assert.deepEqual(await snapshot(store), before)
      assert.equal(await catalogueVersion(store.db), versionBefore)
    })

    it('has the text-search configurations and extensions the search needs', async () => {
      const { rows } = await sql<{ v: string }>`select to_tsvector('finnish', atlas_unaccent('vuorovaikutuksen tukeminen'))::text as v`.execute(store.db)
      assert.match(rows[0]!.v, /vuorovaikutuks/)
      const sim = await sql<{ s: number }>`select word_similarity('incredble years', 'incredible years') as s`.execute(store.db)
      assert.ok(sim.rows[0]!.s > 0.6)
    })
  })
}
