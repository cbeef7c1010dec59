/**
 * Matching a portal's record to a catalogue intervention. Certain matches (the same identifier or
 * URL as before, or the exact name or alias of exactly one intervention) are applied; anything
 * less certain is only suggested, for an editor to confirm. Two interventions are never merged:
 * a name shared by two interventions is a suggestion, not a match.
 */
export interface MatchTarget {
  id: string
  names: string[]
  urls: string[]
}

export type Match =
  | { kind: 'previous' | 'url' | 'name'; intervention: string }
  | { kind: 'suggested'; candidates: { intervention: string; similarity: number }[] }
  | { kind: 'none' }

/** Lower case, accents and marks folded, punctuation to spaces: "Mom Power®" ~ "mom power". */
export function normaliseName(s: string): string {
  return s
    .replace(/[®™©]/g, '') // before NFKD, which would spell ™ out as "TM"
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>()
  const t = ` ${s} `
  for (let i = 0; i < t.length - 1; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1)
  return m
}

// Catalogue names are compared with every record of a snapshot: keep their bigrams (bounded cache).
const gramCache = new Map<string, Map<string, number>>()
function gramsOf(s: string): Map<string, number> {
  let g = gramCache.get(s)
  if (!g) {
    if (gramCache.size > 10_000) gramCache.clear()
    g = bigrams(normaliseName(s))
    gramCache.set(s, g)
  }
  return g
}

const sizeOf = (g: Map<string, number>) => {
  let n = 0
  for (const v of g.values()) n += v
  return n
}

/** Dice coefficient over character bigrams: 1 for the same text, 0 for nothing shared. */
export function similarity(a: string, b: string, atLeast = 0): number {
  const x = gramsOf(a)
  const y = gramsOf(b)
  // Dice can be at most 2·min/(sum): skip pairs whose lengths alone rule out the threshold.
  const nx = sizeOf(x)
  const ny = sizeOf(y)
  if (atLeast > 0 && (2 * Math.min(nx, ny)) / (nx + ny) < atLeast) return 0
  let shared = 0
  for (const [k, n] of x) shared += Math.min(n, y.get(k) ?? 0)
  const total = [...x.values(), ...y.values()].reduce((s, n) => s + n, 0)
  return total === 0 ? 0 : (2 * shared) / total
}

const normUrl = (u: string) => u.toLowerCase().replace(/^https?:\/\/(www\.)?/, '').replace(/\/+$/, '')

export function matchRecord(record: { name: string; url: string | null }, previous: string | null, targets: readonly MatchTarget[], threshold = 0.6): Match {
  if (previous) return { kind: 'previous', intervention: previous }
  if (record.url) {
    const hits = targets.filter((t) => t.urls.some((u) => normUrl(u) === normUrl(record.url!)))
    if (hits.length === 1) return { kind: 'url', intervention: hits[0]!.id }
  }
  const name = normaliseName(record.name)
  const exact = targets.filter((t) => t.names.some((n) => normaliseName(n) === name))
  if (exact.length === 1) return { kind: 'name', intervention: exact[0]!.id }
  const candidates = targets
    .map((t) => ({ intervention: t.id, similarity: Math.max(...t.names.map((n) => similarity(n, record.name, threshold))) }))
    .filter((c) => c.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || a.intervention.localeCompare(b.intervention))
    .slice(0, 3)
  return candidates.length ? { kind: 'suggested', candidates: candidates.map((c) => ({ ...c, similarity: Math.round(c.similarity * 100) / 100 })) } : { kind: 'none' }
}
