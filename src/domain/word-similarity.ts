// pg_trgm's `word_similarity(a, b)` and `a <% b`, reproduced so the search index can find names by
// similarity (typos) without a statement that scans every row. Follows contrib/pg_trgm/trgm_op.c
// (generate_trgm_only, calc_word_similarity, iterate_word_similarity) step for step; a test compares
// it with the database over the shipped names and many queries.

/** pg_trgm.word_similarity_threshold's default: `a <% b` is word_similarity(a, b) >= 0.6. */
export const WORD_SIMILARITY_THRESHOLD = 0.6

const f32 = Math.fround
// pg_trgm keeps letters and digits (t_isalpha || t_isdigit); in a UTF-8 database with the C.UTF-8
// or ICU-free wasm locale every Unicode letter counts, as show_trgm('øre') shows on both databases.
const WORD_CHAR = /[\p{L}\p{N}]/u

/**
 * The trigrams of a text in order, as generate_trgm_only makes them: each word (a run of letters and
 * digits) padded with two blanks before and one after, then every three consecutive characters.
 * The text must already be lower-cased as the database lower-cases it.
 */
export function trigrams(text: string): string[] {
  const out: string[] = []
  let word: string[] = []
  const flush = () => {
    if (word.length === 0) return
    const padded = [' ', ' ', ...word, ' ']
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded[i]! + padded[i + 1]! + padded[i + 2]!)
    word = []
  }
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) word.push(ch)
    else flush()
  }
  flush()
  return out
}

/**
 * word_similarity between a query's distinct trigrams and a text's trigrams in order (both as numbers
 * standing for trigrams): the greatest similarity of the query to any run of the text's trigrams, as
 * calc_word_similarity + iterate_word_similarity compute it (float4 arithmetic included).
 */
export function wordSimilarity(query: ReadonlySet<number>, text: ArrayLike<number>): number {
  const ulen1 = query.size
  const len2 = text.length
  if (ulen1 === 0 || len2 === 0) return 0
  // Local numbers for the text's distinct trigrams (trg2indexes), and which of them the query has (found).
  const local = new Map<number, number>()
  const index = new Int32Array(len2)
  const found: boolean[] = []
  for (let i = 0; i < len2; i++) {
    let j = local.get(text[i]!)
    if (j === undefined) {
      local.set(text[i]!, (j = local.size))
      found.push(query.has(text[i]!))
    }
    index[i] = j
  }
  const lastpos = new Int32Array(local.size).fill(-1)
  const calc = (count: number, u2: number) => f32(f32(count) / f32(ulen1 + u2 - count))
  let ulen2 = 0
  let count = 0
  let lower = -1
  let max = 0
  for (let i = 0; i < len2; i++) {
    const t = index[i]!
    if (lower >= 0 || found[t]) {
      if (lastpos[t]! < 0) {
        ulen2++
        if (found[t]) count++
      }
      lastpos[t] = i
    }
    if (!found[t]) continue
    const upper = i
    if (lower === -1) {
      lower = i
      ulen2 = 1
    }
    let cur = calc(count, ulen2)
    // Try moving the lower bound right for a greater similarity.
    let tmpCount = count
    let tmpUlen2 = ulen2
    const prevLower = lower
    for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
      const tmp = calc(tmpCount, tmpUlen2)
      if (tmp > cur) {
        cur = tmp
        ulen2 = tmpUlen2
        lower = tmpLower
        count = tmpCount
      }
      const tt = index[tmpLower]!
      if (lastpos[tt] === tmpLower) {
        tmpUlen2--
        if (found[tt]) tmpCount--
      }
    }
    if (cur > max) max = cur
    for (let tmpLower = prevLower; tmpLower < lower; tmpLower++) {
      const tt = index[tmpLower]!
      if (lastpos[tt] === tmpLower) lastpos[tt] = -1
    }
  }
  return max
}

/** `a <% b`: the similarity reaches the threshold (a float4 compared with the double 0.6, as in C). */
export const wordSimilar = (similarity: number) => similarity >= WORD_SIMILARITY_THRESHOLD
