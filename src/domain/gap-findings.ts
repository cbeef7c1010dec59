import type { Labelled, MapIntervention } from './gap-map.ts'

/**
 * Gap findings: rules over the map's data, not sentences. Each returns what it found as data;
 * the web writes it in the reader's language and links it to the view that shows it. Like the
 * chapter's own findings, the rules count primary goals ("targeted at", "as a primary goal").
 */
export type Finding =
  | { rule: 'no-intervention'; need: string }
  | { rule: 'no-nordic-grading'; need: string; interventions: Labelled[] }
  | { rule: 'single-intervention'; need: string; intervention: Labelled }
  | { rule: 'nothing-moderate-or-better'; need: string; interventions: Labelled[]; bestTier: string }
  | { rule: 'prevention-levels'; total: number; counts: Record<'universal' | 'targeted' | 'therapeutic' | 'unknown', number>; stated?: Record<string, number> }

export interface FindingOptions {
  /** Ranks of tiers, 1 strongest; "moderate or better" is rank ≤ that of `moderate`. */
  tierRank: ReadonlyMap<string, number>
  /** Totals a publication states, to set beside the data's (Table 9's 8/9/4). */
  statedTotals?: Record<string, number>
}

const primaryFor = (need: string, ivs: readonly MapIntervention[]) => ivs.filter((m) => m.needs.some((n) => n.need === need && n.role === 'primary'))
const label = (m: MapIntervention): Labelled => ({ id: m.id, label: m.name })

export function gapFindings(interventions: readonly MapIntervention[], needs: readonly Labelled[], o: FindingOptions): Finding[] {
  const out: Finding[] = []
  const moderate = o.tierRank.get('moderate') ?? 2
  for (const need of needs) {
    const ivs = primaryFor(need.id, interventions)
    if (ivs.length === 0) {
      out.push({ rule: 'no-intervention', need: need.id })
      continue
    }
    if (!ivs.some((m) => m.gradingGroups.includes('nordic'))) out.push({ rule: 'no-nordic-grading', need: need.id, interventions: ivs.map(label) })
    if (ivs.length === 1) out.push({ rule: 'single-intervention', need: need.id, intervention: label(ivs[0]!) })
    // A loop, not Math.min(...ranks): spreading a whole catalogue's ranks overflows the stack.
    let best = Infinity
    let bestTier = ''
    for (const m of ivs) {
      const r = o.tierRank.get(m.bestTier) ?? 99
      if (r < best) [best, bestTier] = [r, m.bestTier]
    }
    if (best > moderate) {
      out.push({ rule: 'nothing-moderate-or-better', need: need.id, interventions: ivs.map(label), bestTier })
    }
  }
  const counts = { universal: 0, targeted: 0, therapeutic: 0, unknown: 0 }
  for (const m of interventions) {
    if (m.prevention.length === 0) counts.unknown++
    for (const p of m.prevention) if (p in counts) counts[p as keyof typeof counts]++
  }
  out.push({ rule: 'prevention-levels', total: interventions.length, counts, ...(o.statedTotals ? { stated: o.statedTotals } : {}) })
  return out
}
