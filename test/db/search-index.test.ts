import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { searchInterventions, sqlTextScores, wholeCatalogueCounts, type InterventionQuery, type SortOrder } from '../../src/store/interventions.ts'
import { indexedNameSimilarity, indexedTextScores, parseBySql, parseByWords, setSearchIndexEnabled, warmSearchIndex, warmWordParses } from '../../src/store/search-index.ts'
import { trigrams } from '../../src/domain/word-similarity.ts'
import { sql } from 'kysely'
import { loadVocabulary } from '../../src/store/vocabulary.ts'
import { addSyntheticInterventions } from '../../bench/synthetic.ts'
import { backends, freshStore, type TestStore } from '../helpers/store.ts'

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

/** Query texts drawn from the catalogue's own words in every language, plus typos, phrases, OR and NOT. */
async function queryTexts(store: TestStore, n: number, seed: number): Promise<string[]> {
  const rows = await store.db.selectFrom('intervention').select(['name', 'description']).execute()
  const words = new Set<string>()
  for (const r of rows) {
    for (const text of [r.name, ...Object.values(r.description as Record<string, string>)])
      for (const w of String(text).split(/[^\p{L}\p{N}]+/u)) if (w.length >= 2) words.add(w)
  }
  const list = [...words].sort()
  const rand = rng(seed)
  const pick = () => list[Math.floor(rand() * list.length)]!
  const out = ['bonding', 'vuorovaikutus', 'vuorovaikutuksen', 'samspelet', 'foreldre', 'incredble years', 'the', 'parent infant', '"video feedback"', 'parent -group', 'home or visit', 'Tidlig', 'støtte', 'förälder', 'käynti']
  while (out.length < n) {
    const k = rand()
    if (k < 0.6) out.push(pick())
    else if (k < 0.85) out.push(`${pick()} ${pick()}`)
    else if (k < 0.95) out.push(pick().toLowerCase().slice(0, -1)) // a typo or an inflection cut short
    else out.push(`${pick()} or ${pick()}`)
  }
  return out
}

/** Names with typos (a letter dropped, doubled, swapped or changed), words cut short, other scripts and punctuation. */
async function nameTypos(store: TestStore, n: number, seed: number): Promise<string[]> {
  const names = (await store.db.selectFrom('intervention').select('name').orderBy('id').execute()).map((r) => r.name)
  const rand = rng(seed)
  const out = ['incredble years', 'Triple-P', 'mellanis', 'ääkkönen', 'støtte foreldre', 'Καλημέρα', 'a', 'x y', '', '  --  ', 'circle of securty', 'nurse famly partnership', 'VIG', 'marte meo!']
  while (out.length < n) {
    const name = names[Math.floor(rand() * names.length)]!
    const chars = [...name]
    const at = Math.floor(rand() * chars.length)
    const k = rand()
    if (k < 0.25) chars.splice(at, 1)
    else if (k < 0.45) chars.splice(at, 0, chars[at] ?? 'e')
    else if (k < 0.65 && at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!]
    else if (k < 0.85) chars[at] = 'aeiouyäø'[Math.floor(rand() * 8)]!
    else chars.splice(Math.max(3, at)) // cut short
    out.push(chars.join(''))
  }
  return out
}

/** The index's name similarity equals `lower(atlas_unaccent(q)) <% search_terms` and word_similarity, score for score. */
async function compareNames(store: TestStore, texts: string[]) {
  setSearchIndexEnabled(true)
  assert.ok(await warmSearchIndex(store.db), 'the index builds')
  let found = 0
  for (const q of texts) {
    const fromIndex = await indexedNameSimilarity(store.db, q)
    assert.ok(fromIndex, `answered from the index: ${JSON.stringify(q)}`)
    const rows = await store.db
      .selectFrom('intervention')
      .select(['id', sql<string>`word_similarity(lower(atlas_unaccent(${q})), search_terms)::text`.as('score')])
      .where(sql<boolean>`lower(atlas_unaccent(${q})) <% search_terms`)
      .execute()
    const want = new Map(rows.map((r) => [r.id, Math.fround(Number(r.score))]))
    assert.deepEqual(new Map(fromIndex.map((r) => [r.id, r.score])), want, `names like ${JSON.stringify(q)}`)
    found += want.size
  }
  assert.ok(found > texts.length / 2, `typos find names (${found} in all)`)
}

const SORTS: SortOrder[] = ['relevance', 'tier', 'name']

async function compare(store: TestStore, texts: string[]) {
  const vocabulary = await loadVocabulary(store.db)
  setSearchIndexEnabled(true)
  assert.ok(await warmSearchIndex(store.db), 'the index builds')
  let indexed = 0
  for (const [i, q] of texts.entries()) {
    // The scores themselves: the same float4 values as ts_rank.
    const fromIndex = await indexedTextScores(store.db, q)
    if (fromIndex) {
      indexed++
      const fromSql = await sqlTextScores(store.db, q)
      const want = new Map(fromSql.map((r) => [r.id, Math.fround(Number(r.score))]))
      assert.equal(fromIndex.length, want.size, `matches for ${JSON.stringify(q)}`)
      for (const r of fromIndex) assert.equal(r.score, want.get(r.id), `ts_rank of ${r.id} for ${JSON.stringify(q)}`)
    }
    const query: InterventionQuery = { q, filters: i % 4 === 1 ? { prevention: ['targeted', 'universal'] } : i % 4 === 2 ? { grading: ['nordic', 'us'] } : {}, sort: SORTS[i % 3]!, page: 1 + (i % 2), pageSize: 7 }
    setSearchIndexEnabled(false)
    const a = await searchInterventions(store.db, query, vocabulary)
    setSearchIndexEnabled(true)
    const b = await searchInterventions(store.db, query, vocabulary)
    assert.deepEqual(b, a, JSON.stringify(query))
  }
  // Nearly every query is answered from the index (phrases are left to SQL).
  assert.ok(indexed >= texts.length * 0.9, `${indexed} of ${texts.length} from the index`)
}

for (const backend of backends()) {
  describe(`search from the in-memory index equals the SQL search on ${backend}`, () => {
    let store: TestStore
    before(async () => { store = await freshStore(backend) })
    after(async () => { setSearchIndexEnabled(true); await store?.close() })

    it('on the shipped catalogue: ids, order, totals, facet counts and ranks', async () => {
      await compare(store, await queryTexts(store, 120, 7))
    })

    it('a query of plain words parsed from its words equals the database parsing it whole', async () => {
      const texts = [...(await queryTexts(store, 300, 17)), 'the parent', 'och samspel', 'Tidlig  innsats ', 'ja', 'og', 'støtte förälder vauva', 'a b c d e f', 'Incredible Years 2', 'mother2mother', 'æble ør']
      // The catalogue's own words parsed ahead (the warm-up), then the rest on demand: both compared.
      assert.ok((await warmWordParses(store.db)) > 100, 'the catalogue\'s words are parsed ahead')
      let composed = 0
      for (const q of texts) {
        const byWords = await parseByWords(store.db, q)
        if (!byWords) continue
        composed++
        const bySql = await parseBySql(store.db, q)
        const { normalized: a, ...wordsParse } = byWords
        const { normalized: b, ...sqlParse } = bySql
        assert.deepEqual(wordsParse, sqlParse, JSON.stringify(q))
        assert.deepEqual(trigrams(a!), trigrams(b!), `normalised ${JSON.stringify(q)}`)
      }
      assert.ok(composed >= texts.length * 0.6, `${composed} of ${texts.length} parsed from their words`)
    })

    it('names like a query with a typo: the same names and word_similarity as pg_trgm', async () => {
      await compareNames(store, [...(await nameTypos(store, 150, 5)), ...(await queryTexts(store, 60, 9))])
    })

    it('on a synthetic catalogue of 1,500 more', async () => {
      await addSyntheticInterventions(store.db, 1500, 3)
      // The home page's counts (one aggregate statement) are the catalogue's unfiltered facet counts.
      const vocabulary = await loadVocabulary(store.db)
      const all = await searchInterventions(store.db, { filters: {}, sort: 'name', page: 1, pageSize: 1 }, vocabulary)
      const keys = Object.keys(all.facets) as (keyof typeof all.facets)[]
      assert.deepEqual(await wholeCatalogueCounts(store.db, keys, vocabulary), all.facets)
      assert.ok(all.facets.need.some((f) => f.count > 100), 'counts over the synthetic catalogue')
      await compare(store, await queryTexts(store, 80, 11))
      await compareNames(store, await nameTypos(store, 80, 13))
    })
  })
}

for (const backend of backends()) {
  describe(`the revision held in memory on ${backend}`, () => {
    let store: TestStore
    before(async () => { store = await freshStore(backend) })
    after(async () => { await store?.close() })

    it('follows every publish at once, and the index follows the revision', async () => {
      const { currentRevision, bumpRevision } = await import('../../src/store/revision.ts')
      const r0 = await currentRevision(store.db)
      assert.equal(await currentRevision(store.db), r0)
      await store.db.transaction().execute(async (tx) => { await bumpRevision(tx) })
      if (backend === 'postgres') await new Promise((r) => setTimeout(r, 50)) // the notification crosses a connection
      assert.equal(await currentRevision(store.db), r0 + 1)
      const index = await warmSearchIndex(store.db)
      assert.equal(index?.revision, r0 + 1)
    })
  })
}
