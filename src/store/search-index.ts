import { sql, type Kysely } from 'kysely'
import { LRUCache } from 'lru-cache'
import { TEXT_SEARCH_CONFIG } from '../domain/source.ts'
import { prefixQuery } from '../domain/search-prefix.ts'
import type { Database } from './database.ts'
import { currentRevision } from './revision.ts'

/**
 * Full-text search from memory, the database still the truth: per catalogue revision, every live
 * intervention's `search_vector` (as the database stored it: lexemes, positions, weights) is read
 * once, off the request path, into an inverted index. A query is then matched (`@@`) and ranked
 * (`ts_rank`, default weights, no normalisation) here, reproducing PostgreSQL's arithmetic in
 * single precision, including its order of summation, so scores are the same float4 values the SQL
 * returns. The query itself is still parsed and stemmed by the database (`websearch_to_tsquery` in
 * every configuration, plus the Nordic prefix query): one statement that reads no table, cached per
 * query text. Until the index for the current revision is ready, and for query shapes it does not
 * reproduce (phrases, a query whose top operator is AND), callers fall back to the SQL search.
 */

// ---------------------------------------------------------------------------------------------
// tsquery: parsed from the database's text output

type QNode =
  | { kind: 'val'; lexeme: string; prefix: boolean }
  | { kind: 'not'; arg: QNode }
  | { kind: 'and' | 'or'; left: QNode; right: QNode }
  | { kind: 'phrase'; left: QNode; right: QNode }

export function parseTsquery(text: string): QNode | null {
  let i = 0
  const s = text
  const ws = () => {
    while (i < s.length && s[i] === ' ') i++
  }
  const PRI = { or: 1, and: 2, phrase: 3 } as const
  function primary(): QNode {
    ws()
    if (s[i] === '!') {
      i++
      return { kind: 'not', arg: primary() }
    }
    if (s[i] === '(') {
      i++
      const n = expr(0)
      ws()
      if (s[i] !== ')') throw new Error(`tsquery: expected ) at ${i} in ${s}`)
      i++
      return n
    }
    if (s[i] !== "'") throw new Error(`tsquery: unexpected ${s[i]} at ${i} in ${s}`)
    let lex: string
    ;[lex, i] = quotedLexeme(s, i + 1, 'tsquery')
    let prefix = false
    if (s[i] === ':') {
      i++
      while (i < s.length && /[*ABCDabcd]/.test(s[i]!)) {
        if (s[i] === '*') prefix = true
        else throw new Error('tsquery: weight restrictions are not reproduced')
        i++
      }
    }
    return { kind: 'val', lexeme: lex, prefix }
  }
  function operator(): { kind: 'and' | 'or' | 'phrase'; len: number } | null {
    ws()
    if (s[i] === '&') return { kind: 'and', len: 1 }
    if (s[i] === '|') return { kind: 'or', len: 1 }
    if (s[i] === '<') {
      const m = /^<(-|\d+)>/.exec(s.slice(i))
      if (m) return { kind: 'phrase', len: m[0].length }
    }
    return null
  }
  function expr(minPri: number): QNode {
    let left = primary()
    for (;;) {
      const op = operator()
      if (!op || PRI[op.kind] < minPri) return left
      i += op.len
      const right = expr(PRI[op.kind] + 1)
      left = { kind: op.kind, left, right } as QNode
    }
  }
  ws()
  if (i >= s.length) return null
  const n = expr(0)
  ws()
  if (i < s.length) throw new Error(`tsquery: trailing text at ${i} in ${s}`)
  return n
}

/** The query's operands in the order of PostgreSQL's item array (operator, right operand, left operand). */
function operandsInItemOrder(n: QNode, out: { lexeme: string; prefix: boolean }[] = []) {
  if (n.kind === 'val') out.push(n)
  else if (n.kind === 'not') operandsInItemOrder(n.arg, out)
  else {
    operandsInItemOrder(n.right, out)
    operandsInItemOrder(n.left, out)
  }
  return out
}

function hasPhrase(n: QNode): boolean {
  if (n.kind === 'val') return false
  if (n.kind === 'not') return hasPhrase(n.arg)
  return n.kind === 'phrase' || hasPhrase(n.left) || hasPhrase(n.right)
}

const utf8 = (s: string) => Buffer.from(s, 'utf8')
/** tsCompareString without prefix: bytes, then the shorter first. */
function compareLexeme(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b)
}

/** PostgreSQL's qsort (src/include/lib/sort_template.h), element for element, so ties resolve as there. */
export function pgQsort<T>(arr: T[], cmp: (a: T, b: T) => number): void {
  const swap = (i: number, j: number) => {
    const t = arr[i]!
    arr[i] = arr[j]!
    arr[j] = t
  }
  const swapn = (i: number, j: number, n: number) => {
    for (let k = 0; k < n; k++) swap(i + k, j + k)
  }
  const c = (i: number, j: number) => cmp(arr[i]!, arr[j]!)
  const med3 = (a: number, b: number, d: number) =>
    c(a, b) < 0 ? (c(b, d) < 0 ? b : c(a, d) < 0 ? d : a) : c(b, d) > 0 ? b : c(a, d) < 0 ? a : d
  const sort = (a: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        for (let pm = a + 1; pm < a + n; pm++) for (let pl = pm; pl > a && c(pl - 1, pl) > 0; pl--) swap(pl, pl - 1)
        return
      }
      let presorted = true
      for (let pm = a + 1; pm < a + n; pm++) {
        if (c(pm - 1, pm) > 0) {
          presorted = false
          break
        }
      }
      if (presorted) return
      let pm = a + Math.floor(n / 2)
      if (n > 7) {
        let pl = a
        let pn = a + n - 1
        if (n > 40) {
          const d = Math.floor(n / 8)
          pl = med3(pl, pl + d, pl + 2 * d)
          pm = med3(pm - d, pm, pm + d)
          pn = med3(pn - 2 * d, pn - d, pn)
        }
        pm = med3(pl, pm, pn)
      }
      swap(a, pm)
      let pa = a + 1
      let pb = pa
      let pc = a + n - 1
      let pd = pc
      for (;;) {
        let r: number
        while (pb <= pc && (r = c(pb, a)) <= 0) {
          if (r === 0) {
            swap(pa, pb)
            pa++
          }
          pb++
        }
        while (pb <= pc && (r = c(pc, a)) >= 0) {
          if (r === 0) {
            swap(pc, pd)
            pd--
          }
          pc--
        }
        if (pb > pc) break
        swap(pb, pc)
        pb++
        pc--
      }
      const pn = a + n
      let d1 = Math.min(pa - a, pb - pa)
      swapn(a, pb - d1, d1)
      d1 = Math.min(pd - pc, pn - pd - 1)
      swapn(pb, pn - d1, d1)
      d1 = pb - pa
      const d2 = pd - pc
      if (d1 <= d2) {
        if (d1 > 1) sort(a, d1)
        if (d2 > 1) {
          a = pn - d2
          n = d2
          continue
        }
      } else {
        if (d2 > 1) sort(pn - d2, d2)
        if (d1 > 1) {
          n = d1
          continue
        }
      }
      return
    }
  }
  sort(0, arr.length)
}

// ---------------------------------------------------------------------------------------------
// The index

const WEIGHTS = [0.1, 0.2, 0.4, 1.0] // D, C, B, A: ts_rank's defaults
const f32 = Math.fround

interface Postings {
  docs: Int32Array
  /** offsets into weights: positions of docs[k] are weights[offsets[k]..offsets[k+1]) */
  offsets: Int32Array
  weights: Uint8Array
}

export interface SearchIndex {
  revision: number
  ids: string[]
  /** Distinct lexemes in the database's order (bytes), for prefix ranges. */
  lexemes: string[]
  lexemeBytes: Buffer[]
  postings: Map<string, Postings>
  /** Documents with a non-empty vector (`@@` never matches an empty one). */
  nonEmpty: Uint8Array
}

/**
 * A lexeme as PostgreSQL prints it inside single quotes, from just after the opening quote: `''` is a
 * quote and a backslash escapes the next character. Returns the lexeme and the index after its close.
 */
function quotedLexeme(s: string, start: number, what: string): [string, number] {
  let lex = ''
  let i = start
  for (;;) {
    const c = s[i]
    if (c === undefined) throw new Error(`${what}: unterminated lexeme`)
    if (c === "'") {
      if (s[i + 1] !== "'") return [lex, i + 1]
      lex += "'"
      i += 2
    } else if (c === '\\') {
      lex += s[i + 1]
      i += 2
    } else {
      lex += c
      i++
    }
  }
}

/** Parses one tsvector's text output: 'lexeme':1A,2B 'other':3 … */
export function parseTsvector(text: string): [string, number[]][] {
  const out: [string, number[]][] = []
  let i = 0
  const s = text
  while (i < s.length) {
    while (s[i] === ' ') i++
    if (i >= s.length) break
    if (s[i] !== "'") throw new Error(`tsvector: unexpected ${s[i]}`)
    let lex: string
    ;[lex, i] = quotedLexeme(s, i + 1, 'tsvector')
    const weights: number[] = []
    if (s[i] === ':') {
      i++
      for (;;) {
        while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
        const w = s[i]
        if (w === 'A') weights.push(3), i++
        else if (w === 'B') weights.push(2), i++
        else if (w === 'C') weights.push(1), i++
        else if (w === 'D') weights.push(0), i++
        else weights.push(0)
        if (s[i] === ',') i++
        else break
      }
    } else weights.push(0) // no positions: PostgreSQL ranks it as one position of weight D
    out.push([lex, weights])
  }
  return out
}

export async function buildSearchIndex(db: Kysely<Database>, revision: number): Promise<SearchIndex> {
  const rows = await db.selectFrom('intervention').select(['id', sql<string>`search_vector::text`.as('v')]).orderBy('id').execute()
  const ids: string[] = []
  const nonEmpty = new Uint8Array(rows.length)
  const acc = new Map<string, { docs: number[]; offsets: number[]; weights: number[] }>()
  for (let d = 0; d < rows.length; d++) {
    const r = rows[d]!
    ids.push(r.id)
    const entries = parseTsvector(r.v ?? '')
    if (entries.length) nonEmpty[d] = 1
    for (const [lex, ws] of entries) {
      let p = acc.get(lex)
      if (!p) acc.set(lex, (p = { docs: [], offsets: [], weights: [] }))
      p.docs.push(d)
      p.offsets.push(p.weights.length)
      for (const w of ws) p.weights.push(w)
    }
    if (d % 1000 === 999) await new Promise((r) => setImmediate(r)) // leave the event loop to requests
  }
  const postings = new Map<string, Postings>()
  for (const [lex, p] of acc) {
    p.offsets.push(p.weights.length)
    postings.set(lex, { docs: Int32Array.from(p.docs), offsets: Int32Array.from(p.offsets), weights: Uint8Array.from(p.weights) })
  }
  const withBytes = [...postings.keys()].map((l) => [l, utf8(l)] as const).sort((a, b) => compareLexeme(a[1], b[1]))
  return { revision, ids, lexemes: withBytes.map((x) => x[0]), lexemeBytes: withBytes.map((x) => x[1]), postings, nonEmpty }
}

/** The lexemes an operand finds in the index: itself, or every lexeme it begins (prefix). */
function entriesOf(index: SearchIndex, op: { lexeme: string; prefix: boolean }): Postings[] {
  if (!op.prefix) {
    const p = index.postings.get(op.lexeme)
    return p ? [p] : []
  }
  const key = utf8(op.lexeme)
  let lo = 0
  let hi = index.lexemeBytes.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (Buffer.compare(index.lexemeBytes[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  const out: Postings[] = []
  for (let k = lo; k < index.lexemeBytes.length; k++) {
    const b = index.lexemeBytes[k]!
    if (b.length < key.length || b.compare(key, 0, key.length, 0, key.length) !== 0) break
    out.push(index.postings.get(index.lexemes[k]!)!)
  }
  return out
}

function evaluate(index: SearchIndex, n: QNode): Uint8Array {
  const size = index.ids.length
  if (n.kind === 'val') {
    const set = new Uint8Array(size)
    for (const p of entriesOf(index, n)) for (const d of p.docs) set[d] = 1
    return set
  }
  if (n.kind === 'not') {
    const a = evaluate(index, n.arg)
    for (let d = 0; d < size; d++) a[d] = a[d] ? 0 : 1
    return a
  }
  const a = evaluate(index, n.left)
  const b = evaluate(index, n.right)
  if (n.kind === 'and') for (let d = 0; d < size; d++) a[d] = a[d]! & b[d]!
  else for (let d = 0; d < size; d++) a[d] = a[d]! | b[d]!
  return a
}

/** A query as the database parsed it, ready to match and rank; null when it has no lexemes. */
export interface ParsedQuery {
  tree: QNode | null
  /** calc_rank_or's items: unique operands, sorted as PostgreSQL sorts them. */
  items: { lexeme: string; prefix: boolean }[]
  supported: boolean
}

/** `a || b`, as tsquery_or builds it: an empty side gives the other. */
function orJoin(a: QNode | null, b: QNode | null): QNode | null {
  if (!a) return b
  if (!b) return a
  return { kind: 'or', left: a, right: b }
}

export function prepareQuery(components: (string | null)[]): ParsedQuery {
  let tree: QNode | null = null
  for (const c of components) tree = orJoin(tree, c ? parseTsquery(c) : null)
  if (!tree) return { tree: null, items: [], supported: true }
  // calc_rank picks calc_rank_and when the top operator is AND or a phrase; that (and phrase matching) is left to SQL.
  const supported = !hasPhrase(tree) && !(tree.kind === 'and')
  const ops = operandsInItemOrder(tree).map((o) => ({ ...o, bytes: utf8(o.lexeme) }))
  if (ops.length >= 2) pgQsort(ops, (a, b) => compareLexeme(a.bytes, b.bytes))
  const items: { lexeme: string; prefix: boolean }[] = []
  for (let k = 0; k < ops.length; k++) {
    if (k > 0 && compareLexeme(ops[k - 1]!.bytes, ops[k]!.bytes) === 0) continue // qunique: the first of equals stays
    items.push({ lexeme: ops[k]!.lexeme, prefix: ops[k]!.prefix })
  }
  return { tree, items, supported }
}

/** `search_vector @@ q` and `ts_rank(search_vector, q)` for every matching document. */
export function matchAndRank(index: SearchIndex, query: ParsedQuery): { id: string; score: number }[] {
  if (!query.tree) return []
  const matched = evaluate(index, query.tree)
  const size = index.ids.length
  const res = new Float64Array(size) // holds float4 values
  for (const item of query.items) {
    for (const p of entriesOf(index, item)) {
      const { docs, offsets, weights } = p
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k]!
        if (!matched[d]) continue
        let resj = 0
        let wjm = -1
        let jm = 0
        for (let j = 0, o = offsets[k]!; o < offsets[k + 1]!; j++, o++) {
          const w = f32(WEIGHTS[weights[o]!]!)
          resj = f32(resj + f32(w / ((j + 1) * (j + 1))))
          if (w > wjm) {
            wjm = w
            jm = j
          }
        }
        const t = f32(f32(f32(wjm + resj) - f32(wjm / ((jm + 1) * (jm + 1)))))
        res[d] = f32(res[d]! + t / 1.64493406685)
      }
    }
  }
  const out: { id: string; score: number }[] = []
  const n = query.items.length
  for (let d = 0; d < size; d++) {
    if (!matched[d] || !index.nonEmpty[d]) continue
    let r = n > 0 ? f32(res[d]! / n) : res[d]!
    if (r < 0) r = f32(1e-20)
    out.push({ id: index.ids[d]!, score: r })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Per database: the index of the current revision, built in the background

interface State {
  ready?: SearchIndex
  building?: { revision: number; promise: Promise<SearchIndex | undefined> }
}
const states = new WeakMap<object, State>()
const parsed = new LRUCache<string, ParsedQuery>({ max: 5000 })
let enabled = process.env.ATLAS_SEARCH_INDEX !== 'off'

/** Tests and the benchmark switch the index off to compare with the SQL search. */
export function setSearchIndexEnabled(on: boolean): void {
  enabled = on
}

function stateOf(db: Kysely<Database>): State {
  let s = states.get(db)
  if (!s) states.set(db, (s = {}))
  return s
}

/** Starts building the index for `revision` unless it is ready or being built; never waits for it. */
function ensureBuilding(db: Kysely<Database>, revision: number): Promise<SearchIndex | undefined> {
  const s = stateOf(db)
  if (s.ready?.revision === revision) return Promise.resolve(s.ready)
  if (s.building?.revision === revision) return s.building.promise
  const promise = buildSearchIndex(db, revision).then(
    async (index) => {
      // Published again while building: this one is stale, the next request starts another.
      if ((await currentRevision(db)) !== revision) return undefined
      if (!s.ready || s.ready.revision < revision || s.ready.revision > revision) s.ready = index
      return index
    },
    () => undefined,
  ).finally(() => {
    if (s.building?.promise === promise) s.building = undefined
  })
  s.building = { revision, promise }
  return promise
}

/** Builds the index now and waits for it (start-up warm-up, tests). */
export async function warmSearchIndex(db: Kysely<Database>): Promise<SearchIndex | undefined> {
  if (!enabled) return undefined
  return ensureBuilding(db, await currentRevision(db))
}

async function parseQuery(db: Kysely<Database>, q: string): Promise<ParsedQuery> {
  const hit = parsed.get(q)
  if (hit) return hit
  const configs = ['simple', ...new Set(Object.values(TEXT_SEARCH_CONFIG))]
  const prefix = prefixQuery(q)
  const cols: any[] = configs.map((c, k) => sql<string>`websearch_to_tsquery(${sql.lit(c)}::regconfig, atlas_unaccent(${q}))::text`.as(`q${k}`))
  if (prefix) cols.push(sql<string>`to_tsquery('simple'::regconfig, ${prefix})::text`.as('qp'))
  const row = (await db.selectNoFrom(cols as any).executeTakeFirstOrThrow()) as Record<string, string>
  const parts = configs.map((_, k) => row[`q${k}`] || null)
  if (prefix) parts.push(row.qp || null)
  let result: ParsedQuery
  try {
    result = prepareQuery(parts)
  } catch {
    result = { tree: null, items: [], supported: false }
  }
  parsed.set(q, result)
  return result
}

/**
 * The full-text matches and their `ts_rank` from the index of the catalogue's current revision, or
 * undefined when the index is not ready (its build is then started) or the query needs SQL.
 * `revision` is the revision the caller is answering for.
 */
export async function indexedTextScores(db: Kysely<Database>, q: string, revision?: number): Promise<{ id: string; score: number }[] | undefined> {
  if (!enabled || db.isTransaction) return undefined
  const rev = revision ?? (await currentRevision(db))
  const s = stateOf(db)
  if (s.ready?.revision !== rev) {
    void ensureBuilding(db, rev)
    return undefined
  }
  const index = s.ready
  const query = await parseQuery(db, q)
  if (!query.supported) return undefined
  return matchAndRank(index, query)
}

// ---------------------------------------------------------------------------------------------
// Facets as bitsets: one per facet value, over the catalogue's rows in a fixed order

export type Bits = Uint32Array

export function newBits(n: number): Bits {
  return new Uint32Array((n + 31) >>> 5)
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31)
}

export function hasBit(b: Bits, i: number): boolean {
  return (b[i >>> 5]! & (1 << (i & 31))) !== 0
}

/** a ∧= b */
export function andInto(a: Bits, b: Bits): void {
  for (let k = 0; k < a.length; k++) a[k]! &= b[k]!
}

/** a ∨= b */
export function orInto(a: Bits, b: Bits): void {
  for (let k = 0; k < a.length; k++) a[k]! |= b[k]!
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
}

/** |a ∧ b| */
export function countAnd(a: Bits, b: Bits): number {
  let n = 0
  for (let k = 0; k < a.length; k++) {
    const x = a[k]! & b[k]!
    if (x !== 0) n += popcount32(x)
  }
  return n
}

export function countBits(a: Bits): number {
  let n = 0
  for (let k = 0; k < a.length; k++) if (a[k] !== 0) n += popcount32(a[k]!)
  return n
}

export function allBits(n: number): Bits {
  const b = newBits(n)
  b.fill(0xffffffff)
  if (n & 31) b[b.length - 1] = (1 << (n & 31)) - 1
  return b
}
