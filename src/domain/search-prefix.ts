/**
 * Nordic languages inflect and compound by adding to the end of a word, and the snowball stemmers
 * leave many forms apart: Finnish "vuorovaikutus", "vuorovaikutuksen" and "vuorovaikutusta" stem to
 * three different lexemes, Swedish "samspel" and "samspelet" to two. So beside the stemmed match,
 * each query word also matches as a prefix: its first ~70 % (at least six letters, the whole word
 * when shorter), which every inflected form and compound of it begins with.
 *
 * Returns a `to_tsquery('simple', …)` expression (words ANDed), or null when the query has no word
 * long enough to be worth a prefix match.
 */
export function prefixQuery(q: string): string | null {
  const words = q
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4)
  if (words.length === 0) return null
  return words.map((w) => `${w.length <= 6 ? w : w.slice(0, Math.max(6, Math.ceil(w.length * 0.7)))}:*`).join(' & ')
}
