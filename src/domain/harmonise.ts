import { COUNTED_SCOPES, type Assessment } from './assessment.ts'
import type { Clearinghouse } from './clearinghouse.ts'
import type { Tier } from './tier.ts'

/** The tier for a grade whose level the retrieved wording does not pin down. */
export const UNKNOWN_TIER = 'unknown'

/** The harmonised tier of one assessment, from its clearinghouse's scale. Never replaces the native grade. */
export function tierOfAssessment(
  a: Pick<Assessment, 'clearinghouse' | 'scale' | 'level'>,
  clearinghouses: ReadonlyMap<string, Clearinghouse>,
): string {
  if (a.level === null) return UNKNOWN_TIER
  const scale = clearinghouses.get(a.clearinghouse)?.scales.find((s) => s.id === a.scale)
  const level = scale?.levels.find((l) => l.id === a.level)
  if (!level) throw new Error(`no level "${a.level}" in scale "${a.scale}" of clearinghouse "${a.clearinghouse}"`)
  return level.tier
}

export interface TieredAssessment extends Omit<Assessment, 'quote'> {
  /** Null only for a grade taken from a snapshot file, whose record is its proof. */
  quote: string | null
  tier: string
  /** Position in the intervention's list: the data keeps each portal's grades oldest first. */
  seq: number
}

/** Grades stand per portal, per programme version and per topic; a later one supersedes an earlier one. */
function currentKey(a: TieredAssessment): string {
  return [a.clearinghouse, a.appliesTo ?? '', a.topic ?? ''].join('\u0000')
}

/** The latest grade for each portal, version and topic: earlier ones are history. */
export function currentAssessments<A extends TieredAssessment>(assessments: readonly A[]): A[] {
  const latest = new Map<string, A>()
  for (const a of [...assessments].sort((x, y) => x.seq - y.seq)) latest.set(currentKey(a), a)
  return [...latest.values()].sort((x, y) => x.seq - y.seq)
}

export interface BestTier {
  tier: string
  rank: number
  /** The current grades at that tier, quoted verbatim wherever the tier is shown. */
  basis: TieredAssessment[]
}

/**
 * The strongest current grade of the intervention itself or of a close variant. Related and
 * unconfirmed programmes are shown but never lift an intervention's tier. With no such grade the
 * tier is "unknown".
 */
export function bestTier(assessments: readonly TieredAssessment[], tiers: readonly Tier[]): BestTier {
  const rankOf = new Map(tiers.map((t) => [t.id, t.rank]))
  const unknownRank = rankOf.get(UNKNOWN_TIER) ?? Number.MAX_SAFE_INTEGER
  const counted = currentAssessments(assessments).filter((a) => COUNTED_SCOPES.includes(a.scope))
  let best: BestTier = { tier: UNKNOWN_TIER, rank: unknownRank, basis: [] }
  for (const a of counted) {
    const rank = rankOf.get(a.tier)
    if (rank === undefined) throw new Error(`unknown tier "${a.tier}"`)
    if (rank < best.rank) best = { tier: a.tier, rank, basis: [a] }
    else if (rank === best.rank && best.basis.length > 0) best.basis.push(a)
  }
  return best
}
