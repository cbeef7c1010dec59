import { sql, type Kysely, type RawBuilder } from 'kysely'
import { LRUCache } from 'lru-cache'
import { TEXT_SEARCH_CONFIG } from '../domain/source.ts'
import { prefixQuery } from '../domain/search-prefix.ts'
import { trigrams, wordSimilar, wordSimilarity, WORD_SIMILARITY_THRESHOLD } from '../domain/word-similarity.ts'
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

/**
 * The index in flat typed arrays (compressed sparse rows), not an object and three arrays per
 * lexeme: a synthetic catalogue of 50,000 has a lexeme per programme number, and the per-lexeme
 * objects held ~50 MB of heap. Lexeme k's documents are docs[start[k]..start[k+1]); posting p's
 * position weights are weights[wstart[p]..wstart[p+1]).
 */
export interface SearchIndex {
  revision: number
  ids: string[]
  /** Distinct lexemes in the database's order (bytes), for prefix ranges. */
  lexemes: string[]
  /** The same lexemes' UTF-8 bytes, one after another: lexeme k is bytes[byteStart[k]..byteStart[k+1]). */
  bytes: Buffer
  byteStart: Int32Array
  lexemeIndex: Map<string, number>
  start: Int32Array
  docs: Int32Array
  /**
   * Per posting, its part of ts_rank's calc_rank_or sum (`t` in the C code: the weights of the
   * lexeme's positions in that document, worked out once here, not on every query).
   */
  postingRank: Float32Array
  /** Documents with a non-empty vector (`@@` never matches an empty one). */
  nonEmpty: Uint8Array
  /** Each document's name trigrams in order (`search_terms`, as pg_trgm makes them): document d's are nameTrigrams[trigramStart[d]..trigramStart[d+1]). */
  trigramStart: Int32Array
  nameTrigrams: Int32Array
  /** Per trigram number, the documents that hold it (each once): trigram t's are trigramDocs[trigramDocStart[t]..trigramDocStart[t+1]). */
  trigramDocStart: Int32Array
  trigramDocs: Int32Array
  trigramIndex: Map<string, number>
}

/** A growable typed array: the build appends millions of numbers without boxing them in JS arrays. */
class Grow<T extends Int32Array | Uint8Array | Float32Array> {
  length = 0
  constructor(public a: T) {}
  push(x: number) {
    if (this.length === this.a.length) {
      const b = new (this.a.constructor as new (n: number) => T)(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.length++] = x
  }
  done(): T {
    return this.a.slice(0, this.length) as T
  }
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

/** Rows read at a time: the vectors of a whole catalogue in one result held ~100 MB at once. */
const CHUNK = 2000

/**
 * One posting's part of calc_rank_or: from the weights of the lexeme's positions in the document
 * (ts_rank's defaults, float4 arithmetic as in C), `t` before it is divided by π²/6.
 */
function postingRank(weights: number[]): number {
  let resj = 0
  let wjm = -1
  let jm = 0
  for (let j = 0; j < weights.length; j++) {
    const w = f32(WEIGHTS[weights[j]!]!)
    resj = f32(resj + f32(w / ((j + 1) * (j + 1))))
    if (w > wjm) {
      wjm = w
      jm = j
    }
  }
  return f32(f32(f32(wjm + resj) - f32(wjm / ((jm + 1) * (jm + 1)))))
}

export async function buildSearchIndex(db: Kysely<Database>, revision: number): Promise<SearchIndex> {
  const ids: string[] = []
  const nonEmpty = new Grow(new Uint8Array(1024))
  // Postings in document order first (lexeme id, document, rank part), then grouped by lexeme.
  const lexId = new Map<string, number>()
  const pLex = new Grow(new Int32Array(1 << 16))
  const pDoc = new Grow(new Int32Array(1 << 16))
  const pRank = new Grow(new Float32Array(1 << 16))
  const trigramIndex = new Map<string, number>()
  const trigramStart = new Grow(new Int32Array(1024))
  const nameTrigrams = new Grow(new Int32Array(1 << 16))
  for (let after = ''; ;) {
    const rows = await db.selectFrom('intervention').select(['id', sql<string>`search_vector::text`.as('v'), 'search_terms']).where('id', '>', after).orderBy('id').limit(CHUNK).execute()
    for (const r of rows) {
      const d = ids.length
      ids.push(r.id)
      trigramStart.push(nameTrigrams.length)
      for (const t of trigrams(r.search_terms ?? '')) {
        let k = trigramIndex.get(t)
        if (k === undefined) trigramIndex.set(t, (k = trigramIndex.size))
        nameTrigrams.push(k)
      }
      const entries = parseTsvector(r.v ?? '')
      nonEmpty.push(entries.length ? 1 : 0)
      for (const [lex, ws] of entries) {
        let id = lexId.get(lex)
        if (id === undefined) lexId.set(lex, (id = lexId.size))
        pLex.push(id)
        pDoc.push(d)
        pRank.push(postingRank(ws))
      }
    }
    if (rows.length < CHUNK) break
    after = rows[rows.length - 1]!.id
    await new Promise((r) => setImmediate(r)) // leave the event loop to requests
  }
  // Lexemes in the database's (byte) order; postings grouped by lexeme, in document order within one.
  const byBytes = [...lexId.keys()].map((l) => [l, utf8(l)] as const).sort((x, y) => compareLexeme(x[1], y[1]))
  const L = byBytes.length
  const rank = new Int32Array(L)
  byBytes.forEach(([l], k) => (rank[lexId.get(l)!] = k))
  const P = pLex.length
  const start = new Int32Array(L + 1)
  for (let p = 0; p < P; p++) start[rank[pLex.a[p]!]! + 1]!++
  for (let k = 0; k < L; k++) start[k + 1]! += start[k]!
  const fill = start.slice(0, L)
  const docs = new Int32Array(P)
  const postingRanks = new Float32Array(P)
  for (let p = 0; p < P; p++) {
    const at = fill[rank[pLex.a[p]!]!]!++
    docs[at] = pDoc.a[p]!
    postingRanks[at] = pRank.a[p]!
  }
  const byteStart = new Int32Array(L + 1)
  for (let k = 0; k < L; k++) byteStart[k + 1] = byteStart[k]! + byBytes[k]![1].length
  const bytes = Buffer.concat(byBytes.map((x) => x[1]))
  const lexemes = byBytes.map((x) => x[0])
  trigramStart.push(nameTrigrams.length)
  return {
    revision, ids, lexemes, bytes, byteStart, lexemeIndex: new Map(lexemes.map((l, k) => [l, k])), start, docs, postingRank: postingRanks, nonEmpty: nonEmpty.done(),
    ...trigramPostings(trigramStart.done(), nameTrigrams.done(), trigramIndex.size), trigramIndex,
  }
}

/** Per trigram, the documents holding it, each once (an inverted index, as the GIN trigram index is). */
function trigramPostings(trigramStart: Int32Array, nameTrigrams: Int32Array, T: number) {
  const n = trigramStart.length - 1
  const seen = new Int32Array(T).fill(-1)
  const counts = new Int32Array(T + 1)
  for (let d = 0; d < n; d++)
    for (let k = trigramStart[d]!; k < trigramStart[d + 1]!; k++) {
      const t = nameTrigrams[k]!
      if (seen[t] !== d) (seen[t] = d), counts[t + 1]!++
    }
  for (let t = 0; t < T; t++) counts[t + 1]! += counts[t]!
  const fill = counts.slice(0, T)
  const trigramDocs = new Int32Array(counts[T]!)
  seen.fill(-1)
  for (let d = 0; d < n; d++)
    for (let k = trigramStart[d]!; k < trigramStart[d + 1]!; k++) {
      const t = nameTrigrams[k]!
      if (seen[t] !== d) (seen[t] = d), (trigramDocs[fill[t]!++] = d)
    }
  return { trigramStart, nameTrigrams, trigramDocStart: counts, trigramDocs }
}

/**
 * `q <% search_terms` and `word_similarity(q, search_terms)` for every document, `q` lower-cased and
 * unaccented as the database does it. Only documents holding enough of the query's trigrams to reach
 * the threshold are compared in full (similarity ≤ shared trigrams / the query's trigrams).
 */
export function similarNames(index: SearchIndex, q: string): DocScores {
  const query = new Set<number>()
  let unknown = -1
  for (const t of trigrams(q)) query.add(index.trigramIndex.get(t) ?? unknown--) // absent from every name: still counts
  if (query.size === 0) return noDocs(index)
  const n = index.ids.length
  const shared = new Uint16Array(n)
  for (const t of query) if (t >= 0) for (let p = index.trigramDocStart[t]!; p < index.trigramDocStart[t + 1]!; p++) shared[index.trigramDocs[p]!]!++
  const need = WORD_SIMILARITY_THRESHOLD * query.size - 1e-9
  const docs: number[] = []
  const scores: number[] = []
  for (let d = 0; d < n; d++) {
    if (shared[d]! < need) continue
    const score = wordSimilarity(query, index.nameTrigrams.subarray(index.trigramStart[d]!, index.trigramStart[d + 1]!))
    if (wordSimilar(score)) docs.push(d), scores.push(score)
  }
  return { index, docs: Int32Array.from(docs), scores: Float64Array.from(scores) }
}

/** The lexeme numbers an operand finds in the index: itself, or every lexeme it begins (prefix). */
function entriesOf(index: SearchIndex, op: { lexeme: string; prefix: boolean }): number[] {
  if (!op.prefix) {
    const k = index.lexemeIndex.get(op.lexeme)
    return k === undefined ? [] : [k]
  }
  const key = utf8(op.lexeme)
  const { bytes, byteStart } = index
  const cmp = (k: number) => bytes.compare(key, 0, key.length, byteStart[k]!, byteStart[k + 1]!) // lexeme k against the key
  let lo = 0
  let hi = index.lexemes.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cmp(mid) < 0) lo = mid + 1
    else hi = mid
  }
  const out: number[] = []
  for (let k = lo; k < index.lexemes.length; k++) {
    const len = byteStart[k + 1]! - byteStart[k]!
    if (len < key.length || bytes.compare(key, 0, key.length, byteStart[k]!, byteStart[k]! + key.length) !== 0) break
    out.push(k)
  }
  return out
}

/**
 * `@@`: the documents a query tree matches, as a bitset over the index's documents. Operands are
 * read once per query (the same lexeme comes from several configurations) and combined 32
 * documents at a time.
 */
function evaluate(index: SearchIndex, tree: QNode): Uint32Array {
  const size = index.ids.length
  const words = (size + 31) >>> 5
  const leaves = new Map<string, Uint32Array>()
  const walk = (n: QNode): Uint32Array => {
    if (n.kind === 'val') {
      const key = `${n.prefix ? '*' : ' '}${n.lexeme}`
      let set = leaves.get(key)
      if (!set) {
        set = new Uint32Array(words)
        for (const k of entriesOf(index, n))
          for (let p = index.start[k]!; p < index.start[k + 1]!; p++) {
            const d = index.docs[p]!
            set[d >>> 5]! |= 1 << (d & 31)
          }
        leaves.set(key, set)
      }
      return set
    }
    if (n.kind === 'phrase') throw new Error('phrases are matched by the database') // prepareQuery marks them unsupported
    const out = new Uint32Array(words)
    if (n.kind === 'not') {
      const a = walk(n.arg)
      for (let w = 0; w < words; w++) out[w] = ~a[w]!
      if (size & 31) out[words - 1]! &= (1 << (size & 31)) - 1 // no documents past the last
      return out
    }
    const a = walk(n.left)
    const b = walk(n.right)
    if (n.kind === 'and') for (let w = 0; w < words; w++) out[w] = a[w]! & b[w]!
    else for (let w = 0; w < words; w++) out[w] = a[w]! | b[w]!
    return out
  }
  return walk(tree)
}

/** A query as the database parsed it, ready to match and rank; null when it has no lexemes. */
export interface ParsedQuery {
  tree: QNode | null
  /** calc_rank_or's items: unique operands, sorted as PostgreSQL sorts them. */
  items: { lexeme: string; prefix: boolean }[]
  supported: boolean
  /** The query lower-cased and unaccented by the database, for name similarity. */
  normalized?: string
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

/** Matching documents (numbers in the index's order) and their scores, without an object per match. */
export interface DocScores {
  index: SearchIndex
  docs: Int32Array
  scores: Float64Array
}

const noDocs = (index: SearchIndex): DocScores => ({ index, docs: new Int32Array(0), scores: new Float64Array(0) })

/** `search_vector @@ q` and `ts_rank(search_vector, q)` for every matching document. */
export function matchAndRank(index: SearchIndex, query: ParsedQuery): { id: string; score: number }[] {
  return asList(matchAndRankDocs(index, query))
}

export const asList = (r: DocScores) => Array.from(r.docs, (d, k) => ({ id: r.index.ids[d]!, score: r.scores[k]! }))

export function matchAndRankDocs(index: SearchIndex, query: ParsedQuery): DocScores {
  if (!query.tree) return noDocs(index)
  const matched = evaluate(index, query.tree)
  const size = index.ids.length
  const res = new Float64Array(size) // holds float4 values
  const { docs, postingRank: rank } = index
  for (const item of query.items) {
    for (const lex of entriesOf(index, item)) {
      for (let k = index.start[lex]!; k < index.start[lex + 1]!; k++) {
        const d = docs[k]!
        if ((matched[d >>> 5]! & (1 << (d & 31))) === 0) continue
        res[d] = f32(res[d]! + rank[k]! / 1.64493406685)
      }
    }
  }
  const n = query.items.length
  const found: number[] = []
  for (let w = 0; w < matched.length; w++) {
    let x = matched[w]!
    while (x !== 0) {
      const low = x & -x
      const d = (w << 5) + (31 - Math.clz32(low))
      if (index.nonEmpty[d]) found.push(d)
      x ^= low
    }
  }
  const scores = new Float64Array(found.length)
  for (let k = 0; k < found.length; k++) {
    const d = found[k]!
    let r = n > 0 ? f32(res[d]! / n) : res[d]!
    if (r < 0) r = f32(1e-20)
    scores[k] = r
  }
  return { index, docs: Int32Array.from(found), scores }
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
  const result = (await parseByWords(db, q)) ?? (await parseBySql(db, q))
  parsed.set(q, result)
  return result
}

const CONFIGS = ['simple', ...new Set(Object.values(TEXT_SEARCH_CONFIG))]

function prepared(parts: (string | null)[], normalized: string): ParsedQuery {
  let result: ParsedQuery
  try {
    result = prepareQuery(parts)
  } catch {
    result = { tree: null, items: [], supported: false }
  }
  result.normalized = normalized
  return result
}

/** The text parsed by websearch_to_tsquery in each configuration, as columns q0, q1, …. */
const tsqueryColumns = (text: RawBuilder<unknown>) => CONFIGS.map((c, k) => sql`websearch_to_tsquery(${sql.lit(c)}::regconfig, atlas_unaccent(${text}))::text as ${sql.ref(`q${k}`)}`)

/** The whole query parsed by the database: one statement, prepared once (two shapes: with and without a prefix query). */
export async function parseBySql(db: Kysely<Database>, q: string): Promise<ParsedQuery> {
  const prefix = prefixQuery(q)
  // In the same statement: the text as name similarity compares it (`lower(atlas_unaccent(q)) <% search_terms`).
  const cols = tsqueryColumns(sql`${q}::text`)
  if (prefix) cols.push(sql`to_tsquery('simple'::regconfig, ${prefix}::text)::text as qp`)
  cols.push(sql`lower(atlas_unaccent(${q}::text)) as qn`)
  const { rows: [row] } = await sql<Record<string, string>>`${sql.raw(`/* prepared: parse-query${prefix ? '-prefix' : ''} */ `)}select ${sql.join(cols)}`.execute(db)
  if (!row) throw new Error('parsing a query returned no row')
  const parts = CONFIGS.map((_, k) => row[`q${k}`] || null)
  if (prefix) parts.push(row.qp || null)
  return prepared(parts, row.qn ?? '')
}

/** One word as each configuration parses it: its lexeme (or null, a stop word), its prefix query, its normalised text. */
interface WordParse {
  parts: (string | null)[]
  prefix: string | null
  normalized: string
}
const wordParses = new LRUCache<string, WordParse>({ max: 50_000 })
/** Plain words only: no quotes, no `-`, no `or` (websearch_to_tsquery's operators), nothing the parser would split. */
const PLAIN_WORDS = /^[\p{L}\p{N}]+(?: +[\p{L}\p{N}]+)*$/u
const MAX_WORDS = 6
/** An operator outside the quoted lexemes: the word did not parse to one lexeme. */
const hasOperator = (t: string | null) => t !== null && /[&|!<()]/.test(t.replace(/'(?:[^']|'')*'/g, ''))

/** Words parsed per statement when warming. */
const PARSE_BATCH = 500

/** Parses these words in one statement and keeps each word's parse. */
async function parseWords(db: Kysely<Database>, words: readonly string[]): Promise<void> {
  const prefixes = words.map((w) => prefixQuery(w))
  const { rows } = await sql<Record<string, string | null>>`/* prepared: parse-words */ select t.w, ${sql.join(tsqueryColumns(sql`t.w`))},
      case when t.p is null then null else to_tsquery('simple'::regconfig, t.p)::text end as qp, lower(atlas_unaccent(t.w)) as qn
    from unnest(${[...words]}::text[], ${prefixes}::text[]) as t(w, p)`.execute(db)
  for (const r of rows) wordParses.set(r.w!, { parts: CONFIGS.map((_, k) => r[`q${k}`] || null), prefix: r.qp || null, normalized: r.qn ?? '' })
}

/**
 * Parses, ahead of any search, the words the catalogue's names and descriptions use (lower-cased,
 * the most frequent first, at most WARM_WORDS): a search for words the catalogue contains then
 * needs no statement to parse them. Other words cost one statement the first time they are asked.
 */
const WARM_WORDS = 40_000
export async function warmWordParses(db: Kysely<Database>, stillWanted: () => boolean = () => true): Promise<number> {
  const { rows } = await sql<{ w: string }>`select w from (
      select regexp_split_to_table(lower(i.name || ' ' || d.text), '\s+') as w from intervention i cross join lateral jsonb_each_text(i.description) as d(lang, text)
    ) t where w <> '' group by w order by count(*) desc, w limit ${WARM_WORDS * 2}`.execute(db)
  const words = new Set<string>()
  for (const { w } of rows) {
    const word = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    if (PLAIN_WORDS.test(word)) words.add(word)
    if (words.size >= WARM_WORDS) break
  }
  const list = [...words].filter((w) => !wordParses.has(w))
  for (let k = 0; k < list.length && stillWanted(); k += PARSE_BATCH) {
    await parseWords(db, list.slice(k, k + PARSE_BATCH))
    await new Promise((r) => setImmediate(r))
  }
  return words.size // the catalogue's words, now parsed (some were already)
}

/**
 * A query of plain words parsed from its words: websearch_to_tsquery ANDs the words' lexemes in
 * order, to_tsquery the prefixes, so the query's parse is its words' parses joined with ` & ` —
 * each word parsed by the database once per process, all of a query's new words in one statement.
 * Most queries are new combinations of words asked before, and then need no statement. Undefined
 * for anything else (phrases, OR, exclusions, punctuation): the database parses those whole. A
 * test compares both ways over many queries.
 */
export async function parseByWords(db: Kysely<Database>, q: string): Promise<ParsedQuery | undefined> {
  const text = q.trim()
  if (!PLAIN_WORDS.test(text)) return undefined
  const words = text.split(/ +/)
  if (words.length > MAX_WORDS || words.some((w) => w.toLowerCase() === 'or')) return undefined
  const missing = [...new Set(words)].filter((w) => !wordParses.has(w))
  if (missing.length > 0) await parseWords(db, missing)
  const per = words.map((w) => wordParses.get(w))
  if (per.some((p) => !p || p.parts.some(hasOperator) || hasOperator(p.prefix))) return undefined
  const joined = (pick: (p: WordParse) => string | null) => per.map((p) => pick(p!)).filter((t) => t).join(' & ') || null
  const parts = CONFIGS.map((_, k) => joined((p) => p.parts[k]!))
  if (prefixQuery(text)) parts.push(joined((p) => p.prefix))
  return prepared(parts, per.map((p) => p!.normalized).join(' '))
}

/**
 * The full-text matches and their `ts_rank` from the index of the catalogue's current revision, or
 * undefined when the index is not ready (its build is then started) or the query needs SQL.
 * `revision` is the revision the caller is answering for.
 */
export async function indexedTextScores(db: Kysely<Database>, q: string, revision?: number): Promise<{ id: string; score: number }[] | undefined> {
  const r = await indexedTextDocs(db, q, revision)
  return r && asList(r)
}

/** indexedTextScores as document numbers and scores. */
export async function indexedTextDocs(db: Kysely<Database>, q: string, revision?: number): Promise<DocScores | undefined> {
  const index = await readyIndex(db, revision, true)
  if (!index) return undefined
  const query = await parseQuery(db, q)
  if (!query.supported) return undefined
  return matchAndRankDocs(index, query)
}

/**
 * Names like the query (`lower(atlas_unaccent(q)) <% search_terms`, with word_similarity as the
 * score) from the index of the current revision; undefined when the index is not ready.
 */
export async function indexedNameSimilarity(db: Kysely<Database>, q: string, revision?: number): Promise<{ id: string; score: number }[] | undefined> {
  const r = await indexedNameDocs(db, q, revision)
  return r && asList(r)
}

/** indexedNameSimilarity as document numbers and scores. */
export async function indexedNameDocs(db: Kysely<Database>, q: string, revision?: number): Promise<DocScores | undefined> {
  const index = await readyIndex(db, revision, false)
  if (!index) return undefined
  const { normalized } = await parseQuery(db, q)
  return normalized === undefined ? undefined : similarNames(index, normalized)
}

/** The index of the revision asked for (the current one by default) when it is ready; `build` starts building it when it is not. */
async function readyIndex(db: Kysely<Database>, revision: number | undefined, build: boolean): Promise<SearchIndex | undefined> {
  if (!enabled || db.isTransaction) return undefined
  const rev = revision ?? (await currentRevision(db))
  const s = stateOf(db)
  if (s.ready?.revision === rev) return s.ready
  if (build) void ensureBuilding(db, rev)
  return undefined
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
