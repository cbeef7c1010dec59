import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely'
import { bestTier, currentAssessments, type TieredAssessment } from '../domain/harmonise.ts'
import { TEXT_SEARCH_CONFIG } from '../domain/source.ts'
import { prefixQuery } from '../domain/search-prefix.ts'
import type { AssessmentRow, Database, InterventionTable } from './database.ts'
import { perRevision, storedPerRevision } from './revision-cache.ts'
import { currentRevision } from './revision.ts'
import { LRUCache } from 'lru-cache'
import { FACETS, FACET_KEYS, facetCondition, type FacetFilters, type FacetKey } from './facets.ts'
import type { Vocabulary } from './vocabulary.ts'
import { toStatement } from './evidence.ts'
import { sourceStatuses, type SourceStatus } from './watch-review.ts'
import { allBits, andInto, countAnd, countBits, hasBit, indexedNameDocs, indexedTextDocs, newBits, orInto, setBit, type Bits, type DocScores, type SearchIndex } from './search-index.ts'

export type SortOrder = 'relevance' | 'tier' | 'name'

export interface InterventionQuery {
  q?: string
  filters: FacetFilters
  sort: SortOrder
  page: number
  pageSize: number
}

/**
 * The text match, as a set of ids: full text first (names word for word, descriptions stemmed per
 * language); only when that finds nothing, names by trigram word similarity, so a typo still finds
 * the programme ("incredble years"). Written as `fts OR trigram` on each row, both would be computed
 * for every row of every search, and word similarity is the costlier of the two.
 */
function textMatch(q: string): Expression<SqlBool> {
  return sql<SqlBool>`intervention.id in (
    with fts as materialized (select t.id from intervention t where t.search_vector @@ ${tsQuery(q)})
    select id from fts
    union all
    select t.id from intervention t where not exists (select 1 from fts) and lower(atlas_unaccent(${q})) <% t.search_terms)`
}

/** Names match word for word; descriptions are stemmed in each content language, and inflected forms match by prefix. */
function tsQuery(q: string) {
  const configs = ['simple', ...new Set(Object.values(TEXT_SEARCH_CONFIG))]
  const prefix = prefixQuery(q)
  const parts = sql.join(
    [
      ...configs.map((c) => sql`websearch_to_tsquery(${sql.lit(c)}::regconfig, atlas_unaccent(${q}))`),
      ...(prefix ? [sql`to_tsquery('simple'::regconfig, ${prefix})`] : []),
    ],
    sql` || `,
  )
  return sql`(${parts})`
}

/**
 * The text matches with their relevance, as scores over the facet index's rows (NaN where a row
 * does not match): full-text rank (names weigh most); when full text finds nothing, the names most
 * like the query by trigram word similarity (typos). From the in-memory index when it is ready
 * (document numbers, no object per match), else from the database.
 */
async function textScores(db: Kysely<Database>, q: string, fb: FacetBits): Promise<Float64Array> {
  const indexed = await indexedTextDocs(db, q)
  if (indexed && indexed.docs.length > 0) return docScoresToRows(indexed, fb)
  if (indexed) {
    const similar = await indexedNameDocs(db, q)
    if (similar) return docScoresToRows(similar, fb)
  }
  const fts = indexed ? [] : await sqlTextScores(db, q)
  const rows = fts.length > 0 ? fts : await db.selectFrom('intervention').select(['id', sql<number>`word_similarity(lower(atlas_unaccent(${q})), intervention.search_terms)`.as('score')]).where(sql<SqlBool>`lower(atlas_unaccent(${q})) <% intervention.search_terms`).execute()
  const score = new Float64Array(fb.ids.length).fill(NaN)
  for (const r of rows) {
    const i = fb.position.get(r.id)
    if (i !== undefined) score[i] = Number(r.score)
  }
  return score
}

/** The search index's document number → the facet index's row number (the same when both read the same revision, in id order). */
const docRows = new WeakMap<SearchIndex, { fb: FacetBits; rows: Int32Array }>()
function docScoresToRows(r: DocScores, fb: FacetBits): Float64Array {
  let map = docRows.get(r.index)
  if (!map || map.fb !== fb) {
    const rows = new Int32Array(r.index.ids.length)
    r.index.ids.forEach((id, d) => (rows[d] = fb.position.get(id) ?? -1))
    docRows.set(r.index, (map = { fb, rows }))
  }
  const score = new Float64Array(fb.ids.length).fill(NaN)
  for (let k = 0; k < r.docs.length; k++) {
    const i = map.rows[r.docs[k]!]!
    if (i >= 0) score[i] = r.scores[k]!
  }
  return score
}

export async function sqlTextScores(db: Kysely<Database>, q: string): Promise<{ id: string; score: number }[]> {
  return await db.selectFrom('intervention').select(['id', sql<number>`ts_rank(intervention.search_vector, ${tsQuery(q)})`.as('score')]).where(sql<SqlBool>`intervention.search_vector @@ ${tsQuery(q)}`).execute()
}

/** The catalogue's WHERE: text match and every facet filter (but `except`). Shared with the gap map. */
export function whereAll(query: Pick<InterventionQuery, 'q' | 'filters'>, except?: FacetKey) {
  return (eb: ExpressionBuilder<Database, 'intervention'>) => {
    const conds: Expression<SqlBool>[] = []
    if (query.q) conds.push(textMatch(query.q))
    for (const key of FACET_KEYS) {
      const values = query.filters[key]
      if (key !== except && values && values.length > 0) conds.push(facetCondition(key, values))
    }
    return eb.and(conds)
  }
}

export interface FacetValue {
  value: string
  label: string
  count: number
  selected: boolean
}

/** A current grade behind an intervention's best tier, quoted verbatim. */
export interface GradeBasis {
  clearinghouse: string
  nativeLevel: string
  tier: string
  reviewDate: string | null
  appliesTo: string | null
  sourceUrl: string | null
}

export function toTiered(r: AssessmentRow): TieredAssessment {
  return {
    clearinghouse: r.clearinghouse_id,
    scale: r.scale_id,
    level: r.level_id,
    nativeLevel: r.native_level,
    scope: r.scope,
    appliesTo: r.applies_to,
    topic: r.topic,
    reviewDate: r.review_date,
    edition: r.edition,
    note: r.note,
    quote: r.quote,
    source: r.source,
    tier: r.tier_id,
    seq: r.seq,
  }
}

/**
 * What the facet counts, orders and the whole-catalogue gap map need of every live intervention, read
 * once per catalogue revision and held compactly: ids and names, ranks in a typed array, and per facet
 * value a bitset over the rows (no object per row: at 50,000 interventions those held ~85 MB).
 */
export interface FacetBits {
  ids: string[]
  names: string[]
  /** best_tier_rank per row. */
  rank: Int16Array
  position: Map<string, number>
  bits: Record<FacetKey, Map<string, Bits>>
  /** Per need, the rows that target it as a primary goal (`bits.need` holds primary and secondary). */
  primaryNeed: Map<string, Bits>
  byName: Int32Array
  byTier: Int32Array
  /** Each row's place in `byName`, to break ties in name order without comparing strings. */
  nameRank: Int32Array
  /** Each row's place in `byTier` (tier, then name): relevance's tie-break in one comparison. */
  tierOrder: Int32Array
}

/** Rows read at a time: a whole-catalogue read in one result held several times its size at once. */
const CHUNK = 5000

export async function facetBits(db: Kysely<Database>): Promise<FacetBits> {
  return perRevision(db, 'facet-bits', async () => {
    const columns = [...new Set(FACET_KEYS.map((k) => FACETS[k].column))]
    const ids: string[] = []
    const names: string[] = []
    const ranks: number[] = []
    // Row numbers per facet value first; bitsets once the number of rows is known.
    const members = Object.fromEntries([...FACET_KEYS, 'primary'].map((k) => [k, new Map<string, number[]>()])) as Record<FacetKey | 'primary', Map<string, number[]>>
    const add = (k: FacetKey | 'primary', v: string, i: number) => {
      let list = members[k].get(v)
      if (!list) members[k].set(v, (list = []))
      list.push(i)
    }
    for (let after = ''; ;) {
      const rows = await db.selectFrom('intervention').select(['id', 'name', 'best_tier_rank', 'primary_need_ids', ...columns]).where('id', '>', after).orderBy('id').limit(CHUNK).execute()
      for (const r of rows) {
        const i = ids.length
        ids.push(r.id)
        names.push(r.name)
        ranks.push(r.best_tier_rank)
        const row = r as unknown as Record<string, unknown>
        for (const k of FACET_KEYS) {
          const v = row[FACETS[k].column]
          for (const x of Array.isArray(v) ? (v as string[]) : [v as string]) add(k, x, i)
        }
        for (const need of r.primary_need_ids) add('primary', need, i)
      }
      if (rows.length < CHUNK) break
      after = rows[rows.length - 1]!.id
    }
    const n = ids.length
    const toBits = (m: Map<string, number[]>) => {
      const out = new Map<string, Bits>()
      for (const [v, list] of m) {
        const b = newBits(n)
        for (const i of list) setBit(b, i)
        out.set(v, b)
      }
      return out
    }
    const bits = Object.fromEntries(FACET_KEYS.map((k) => [k, toBits(members[k])])) as Record<FacetKey, Map<string, Bits>>
    const rank = Int16Array.from(ranks)
    // Code-point order, the same as the database's C collation, so the order is the same everywhere.
    const byNameIdx = (a: number, b: number) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0)
    const all = Array.from({ length: n }, (_, i) => i)
    const byName = Int32Array.from(all.sort(byNameIdx))
    const nameRank = new Int32Array(n)
    byName.forEach((i, k) => (nameRank[i] = k))
    const byTier = Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a]! - rank[b]! || nameRank[a]! - nameRank[b]!))
    const tierOrder = new Int32Array(n)
    byTier.forEach((i, k) => (tierOrder[i] = k))
    return { ids, names, rank, position: new Map(ids.map((id, i) => [id, i])), bits, primaryNeed: toBits(members.primary), byName, byTier, nameRank, tierOrder }
  })
}

/**
 * Every value's count over the whole catalogue for some facets (the home page), from one aggregate
 * statement held per revision, without the facet index: a cold start's first page then reads a few
 * rows, not every programme (at 5,000, that read was most of the first response's ~700 ms).
 */
export async function wholeCatalogueCounts(db: Kysely<Database>, keys: readonly FacetKey[], vocabulary: Vocabulary): Promise<Record<FacetKey, FacetValue[]>> {
  const rows = await storedPerRevision(db, `facet-counts:${keys.join(',')}`, async () => {
    const parts = keys.map((k) => {
      const column = sql.ref(`i.${FACETS[k].column}`)
      return FACETS[k].array
        ? sql`select ${k}::text as k, v, count(distinct i.id)::int as n from intervention i cross join lateral unnest(${column}) as v group by v`
        : sql`select ${k}::text as k, ${column} as v, count(*)::int as n from intervention i group by ${column}`
    })
    return (await sql<{ k: FacetKey; v: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db)).rows
  })
  const counts = new Map(rows.map((r) => [`${r.k}\u0000${r.v}`, r.n]))
  return Object.fromEntries(keys.map((k) => [k, vocabulary[k].map((t) => ({ value: t.id, label: t.label, count: counts.get(`${k}\u0000${t.id}`) ?? 0, selected: false }))])) as Record<FacetKey, FacetValue[]>
}

/**
 * The rows that match a query's text and every facet filter (but `except`), as a bitset over
 * `facetBits`' rows; with the text matches' relevance when there is a text query.
 */
export async function matchingRows(db: Kysely<Database>, query: Pick<InterventionQuery, 'q' | 'filters'>) {
  const fb = await facetBits(db)
  const score = query.q ? await textScores(db, query.q, fb) : undefined
  const n = fb.ids.length
  const text = score ? newBits(n) : allBits(n)
  if (score) for (let i = 0; i < n; i++) if (score[i] === score[i]) setBit(text, i) // not NaN
  // Each active facet's rows (its values are alternatives), then everything but one facet, for that facet's counts.
  const masks = new Map<FacetKey, Bits>()
  for (const k of FACET_KEYS) {
    const values = query.filters[k]
    if (!values || values.length === 0) continue
    const m = newBits(n)
    for (const v of values) {
      const b = fb.bits[k].get(v)
      if (b) orInto(m, b)
    }
    masks.set(k, m)
  }
  const allBut = (except?: FacetKey) => {
    const b = Uint32Array.from(text)
    for (const [k, m] of masks) if (k !== except) andInto(b, m)
    return b
  }
  return { fb, score, masks, allBut, hits: allBut() }
}

/**
 * Search: the text matches and their relevance come from the in-memory search index (or the
 * database until it is ready); the total, every facet's counts and the order are worked out from
 * bitsets per facet value; then only the page's rows are read. Each facet is counted under all the
 * other filters, not its own.
 */
export async function searchInterventions(db: Kysely<Database>, query: InterventionQuery, vocabulary: Vocabulary) {
  const { fb, score, masks, allBut, hits: hitsBits } = await matchingRows(db, query)
  const facets = {} as Record<FacetKey, FacetValue[]>
  for (const key of FACET_KEYS) {
    const base = masks.has(key) ? allBut(key) : hitsBits
    const selected = new Set(query.filters[key] ?? [])
    facets[key] = vocabulary[key].map((t) => {
      const b = fb.bits[key].get(t.id)
      return { value: t.id, label: t.label, count: b ? countAnd(base, b) : 0, selected: selected.has(t.id) }
    })
  }
  const total = countBits(hitsBits)
  const from = (query.page - 1) * query.pageSize
  let pageIds: string[]
  if (score && query.sort === 'relevance') {
    pageIds = Array.from(byRelevance(fb, score, hitsBits, from + query.pageSize).subarray(from), (i) => fb.ids[i]!)
  } else {
    // Walk the catalogue's precomputed order, keeping the hits, until the page is full.
    const order = query.sort === 'name' ? fb.byName : fb.byTier
    pageIds = []
    let seen = 0
    for (let k = 0; k < order.length && pageIds.length < query.pageSize; k++) {
      const i = order[k]!
      if (!hasBit(hitsBits, i)) continue
      if (seen++ >= from) pageIds.push(fb.ids[i]!)
    }
  }
  return { total, page: query.page, pageSize: query.pageSize, items: await interventionItems(db, pageIds), facets }
}

/**
 * The first `limit` hits by relevance (score, then tier, then name), as row numbers. Only those are
 * sorted: the rest are kept out by a bounded heap, so page 1 of 5,000 matches sorts 20, not 5,000.
 */
function byRelevance(fb: FacetBits, score: Float64Array, hits: Bits, limit: number): Int32Array {
  const before = (a: number, b: number) => score[b]! - score[a]! || fb.tierOrder[a]! - fb.tierOrder[b]! // < 0: a comes first
  const found: number[] = []
  for (let w = 0; w < hits.length; w++) {
    let x = hits[w]!
    while (x !== 0) {
      const low = x & -x
      found.push((w << 5) + (31 - Math.clz32(low)))
      x ^= low
    }
  }
  if (found.length <= limit * 4) return Int32Array.from(found.sort(before).slice(0, limit))
  // A max-heap (by `before`) of the best `limit` seen: its top is the worst of them.
  const heap: number[] = []
  const down = (k: number) => {
    for (;;) {
      const l = 2 * k + 1
      const r = l + 1
      let m = k
      if (l < heap.length && before(heap[m]!, heap[l]!) < 0) m = l
      if (r < heap.length && before(heap[m]!, heap[r]!) < 0) m = r
      if (m === k) return
      ;[heap[k], heap[m]] = [heap[m]!, heap[k]!]
      k = m
    }
  }
  for (const i of found) {
    if (heap.length < limit) {
      heap.push(i)
      for (let k = heap.length - 1; k > 0; ) {
        const p = (k - 1) >> 1
        if (before(heap[p]!, heap[k]!) >= 0) break
        ;[heap[k], heap[p]] = [heap[p]!, heap[k]!]
        k = p
      }
    } else if (before(i, heap[0]!) < 0) {
      heap[0] = i
      down(0)
    }
  }
  return Int32Array.from(heap.sort(before))
}

/** Every hit of a query in the catalogue's order (as searchInterventions pages it), ids only: an export reads them a chunk at a time. */
export async function resultIds(db: Kysely<Database>, query: Pick<InterventionQuery, 'q' | 'filters' | 'sort'>): Promise<string[]> {
  const { fb, score, hits } = await matchingRows(db, query)
  if (score && query.sort === 'relevance') return Array.from(byRelevance(fb, score, hits, Infinity), (i) => fb.ids[i]!)
  const out: string[] = []
  for (const i of query.sort === 'name' ? fb.byName : fb.byTier) if (hasBit(hits, i)) out.push(fb.ids[i]!)
  return out
}

/** One programme as the catalogue lists it. */
export type CatalogueItem = Awaited<ReturnType<typeof readItems>>[number]

/**
 * Items already read, per database and catalogue revision: a search's page is mostly programmes
 * read before (the top of a ranking repeats), and reading 20 rows and their grades through the
 * embedded database costs several milliseconds, more than the search itself. Bounded in count (an item holds ~1.7 KB of heap, measured: 17 MB when full); a
 * new revision starts an empty cache. Items are shared: callers never change them.
 */
const ITEM_CACHE_SIZE = 10_000
const itemCaches = new WeakMap<object, { revision: number; items: LRUCache<string, CatalogueItem> }>()

/** The catalogue's result items for these ids, in their order (`remember: false` for exports that read everything once). */
export async function interventionItems(db: Kysely<Database>, pageIds: readonly string[], o: { remember?: boolean } = {}): Promise<CatalogueItem[]> {
  if (db.isTransaction || pageIds.length === 0) return readItems(db, pageIds)
  const revision = await currentRevision(db)
  let cache = itemCaches.get(db)
  if (!cache || cache.revision !== revision) itemCaches.set(db, (cache = { revision, items: new LRUCache({ max: ITEM_CACHE_SIZE }) }))
  const missing = pageIds.filter((id) => !cache.items.has(id))
  const read = missing.length ? await readItems(db, missing) : []
  const byId = new Map(read.map((i) => [i.id, i]))
  // Kept only if the catalogue did not move while reading (a publish in between may have changed them).
  if (o.remember !== false && read.length && (await currentRevision(db)) === revision) for (const i of read) cache.items.set(i.id, i)
  return pageIds.map((id) => byId.get(id) ?? cache.items.get(id)).filter((i) => i !== undefined)
}

const ITEM_COLUMNS = ['id', 'name', 'acronyms', 'description', 'need_ids', 'primary_need_ids', 'prevention_levels', 'formats', 'grading_groups', 'best_tier', 'best_tier_rank'] as const
type ItemRow = Pick<Selectable<InterventionTable>, (typeof ITEM_COLUMNS)[number]> & { grades: AssessmentRow[] | null }

/**
 * The rows and their grades in one statement, as one JSON text: through the embedded database each
 * statement and each column of each row has a cost of its own (two statements for 20 programmes took
 * 7–9 ms, this one 3). Every column read is text, a number, an array or JSON, so JSON keeps them as
 * the driver would.
 */
/**
 * Fills the item cache for the current revision, best tier first (the programmes most searches list
 * first), in chunks that leave the event loop to requests in between.
 */
export async function warmInterventionItems(db: Kysely<Database>, stillWanted: () => boolean = () => true): Promise<void> {
  const fb = await facetBits(db)
  const order = fb.byTier.subarray(0, ITEM_CACHE_SIZE)
  for (let k = 0; k < order.length && stillWanted(); k += 250) {
    await interventionItems(db, Array.from(order.subarray(k, k + 250), (i) => fb.ids[i]!))
    await new Promise((r) => setImmediate(r))
  }
}

async function readItems(db: Kysely<Database>, pageIds: readonly string[]) {
  if (pageIds.length === 0) return []
  const { rows: [one] } = await sql<{ items: string | null }>`/* prepared: list-items */ select json_agg(x)::text as items from (
      select ${sql.join(ITEM_COLUMNS.map((c) => sql.ref(`i.${c}`)))},
        (select json_agg(a order by a.seq) from assessment a where a.intervention_id = i.id) as grades
      from intervention i where i.id = any(${[...pageIds]}::text[])) x`.execute(db)
  const found: ItemRow[] = one?.items ? JSON.parse(one.items) : []
  const rowById = new Map(found.map((r) => [r.id, r]))
  const rows = pageIds.map((id) => rowById.get(id)).filter((r) => r !== undefined)
  const tiers = await perRevision(db, 'tiers', () => db.selectFrom('tier').selectAll().execute())
  const tierLabel = new Map(tiers.map((t) => [t.id, t.label]))

  return rows.map((r) => {
    const best = bestTier((r.grades ?? []).map(toTiered), tiers)
    return {
      id: r.id,
      name: r.name,
      acronyms: r.acronyms,
      description: r.description,
      needs: {
        primary: r.primary_need_ids,
        secondary: r.need_ids.filter((n) => !r.primary_need_ids.includes(n)),
      },
      prevention: r.prevention_levels,
      formats: r.formats,
      gradingGroups: r.grading_groups,
      bestTier: {
        id: r.best_tier,
        label: tierLabel.get(r.best_tier) ?? r.best_tier,
        basis: best.basis.map(gradeBasis),
      },
    }
  })
}

function gradeBasis(a: TieredAssessment): GradeBasis {
  return { clearinghouse: a.clearinghouse, nativeLevel: a.nativeLevel, tier: a.tier, reviewDate: a.reviewDate, appliesTo: a.appliesTo, sourceUrl: a.source.url ?? null }
}

/** What the public sees of the page watch for one grade: only what a reviewer has confirmed, besides the date it was read. */
function publicCheck(c: SourceStatus | undefined) {
  if (!c) return null
  return { checkedAt: c.checkedAt, quote: c.quote === 'unconfirmed' ? null : c.quote, gone: c.gone, movedTo: c.movedTo }
}

export async function getIntervention(db: Kysely<Database>, id: string) {
  const iv = await db.selectFrom('intervention').selectAll().where('id', '=', id).executeTakeFirst()
  if (!iv) return undefined
  const [needs, assessmentRows, tiers, clearinghouses, levels, inclusions, evidence] = await Promise.all([
    db.selectFrom('intervention_need').innerJoin('need', 'need.id', 'intervention_need.need_id')
      .select(['need.id', 'need.name', 'intervention_need.role', 'intervention_need.basis'])
      .where('intervention_id', '=', id).orderBy('intervention_need.role').orderBy('need.position').execute(),
    db.selectFrom('assessment').selectAll().where('intervention_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('tier').selectAll().orderBy('rank').execute(),
    db.selectFrom('clearinghouse').select(['id', 'name', 'short_name', 'region']).execute(),
    db.selectFrom('scale_level').innerJoin('assessment', (j) => j
      .onRef('assessment.clearinghouse_id', '=', 'scale_level.clearinghouse_id')
      .onRef('assessment.scale_id', '=', 'scale_level.scale_id')
      .onRef('assessment.level_id', '=', 'scale_level.id'))
      .select(['assessment.id as assessment_id', 'scale_level.native_name', 'scale_level.gloss'])
      .where('assessment.intervention_id', '=', id).execute(),
    db.selectFrom('report_inclusion').innerJoin('report_table', 'report_table.id', 'report_inclusion.report_id')
      .select(['report_table.id', 'report_table.label', 'report_table.title', 'report_table.groups', 'report_table.columns', 'report_inclusion.group_id', 'report_inclusion.position', 'report_inclusion.name_in_report', 'report_inclusion.marks'])
      .where('intervention_id', '=', id).execute(),
    db.selectFrom('evidence_statement').selectAll().where(sql<SqlBool>`need_ids && ${iv.primary_need_ids}::text[]`).orderBy('set_id').orderBy('position').execute(),
  ])
  const tierById = new Map(tiers.map((t) => [t.id, t]))
  const chById = new Map(clearinghouses.map((c) => [c.id, c]))
  const levelOf = new Map(levels.map((l) => [l.assessment_id, l]))
  const tiered = assessmentRows.map(toTiered)
  const current = new Set(currentAssessments(tiered).map((a) => a.seq))
  const best = bestTier(tiered, tiers)
  const checks = await sourceStatuses(db, assessmentRows.map((r) => r.id))
  return {
    id: iv.id,
    name: iv.name,
    acronyms: iv.acronyms,
    aliases: iv.aliases,
    description: iv.description,
    prevention: { levels: iv.prevention_levels, basis: iv.prevention_basis },
    needs: needs.map((n) => ({ id: n.id, name: n.name.en ?? n.id, role: n.role, basis: n.basis })),
    targetPopulation: iv.target_population,
    childAge: iv.child_age,
    formats: iv.formats,
    dosage: iv.dosage,
    origin: iv.origin,
    links: iv.links,
    factSources: iv.fact_sources,
    gradingGroups: iv.grading_groups,
    bestTier: { id: best.tier, label: tierById.get(best.tier)?.label ?? best.tier, rank: best.rank, basis: best.basis.map(gradeBasis) },
    assessments: assessmentRows.map((r) => ({
      id: r.id,
      clearinghouse: r.clearinghouse_id,
      clearinghouseName: chById.get(r.clearinghouse_id)?.name ?? r.clearinghouse_id,
      region: chById.get(r.clearinghouse_id)?.region ?? 'other',
      scale: r.scale_id,
      level: r.level_id,
      levelName: levelOf.get(r.id)?.native_name ?? null,
      levelGloss: levelOf.get(r.id)?.gloss ?? null,
      nativeLevel: r.native_level,
      tier: r.tier_id,
      tierLabel: tierById.get(r.tier_id)?.label ?? r.tier_id,
      scope: r.scope,
      appliesTo: r.applies_to,
      topic: r.topic,
      reviewDate: r.review_date,
      edition: r.edition,
      note: r.note,
      quote: r.quote,
      secondHand: r.source.secondHand === true,
      current: current.has(r.seq),
      sourceUrl: r.source_url,
      source: r.source,
      retrievedAt: r.retrieved_at,
      sourceCheck: publicCheck(checks.get(r.id)),
    })),
    ratingsNotFound: iv.ratings_not_found,
    reports: inclusions.map((r) => ({
      report: r.id,
      label: r.label,
      title: r.title,
      group: r.group_id,
      groupLabel: r.groups.find((g) => g.id === r.group_id)?.label ?? r.group_id,
      position: r.position,
      nameInReport: r.name_in_report,
      marks: r.marks,
    })),
    mentions: iv.mentions,
    evidence: evidence.map(toStatement),
  }
}
