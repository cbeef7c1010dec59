import { COUNTED_SCOPES } from './assessment.ts'
import { bestTier, currentAssessments, type TieredAssessment } from './harmonise.ts'
import type { Tier } from './tier.ts'

/**
 * What an intervention's list row shows and filters on, derived from its assessments: one function, used when the catalogue loads and whenever a snapshot adds a grade.
 */
export interface DerivedColumns {
  best_tier: string
  best_tier_rank: number
  clearinghouse_ids: string[]
  grading_groups: string[]
}

export function deriveColumns(assessments: readonly TieredAssessment[], regionOf: (clearinghouse: string) => string | undefined, tiers: readonly Tier[]): DerivedColumns {
  const best = bestTier(assessments, tiers)
  // "Graded in a Nordic portal" follows the grades that stand now, of the programme or a close
  // variant — never a report's grouping, and never a superseded or a sibling programme's grade.
  const counted = currentAssessments(assessments).filter((a) => COUNTED_SCOPES.includes(a.scope))
  const groups = new Set<string>()
  for (const a of counted) {
    const region = regionOf(a.clearinghouse)
    if (region === 'nordic') groups.add('nordic')
    if (region === 'uk' || region === 'usa') groups.add('uk-usa')
  }
  return {
    best_tier: best.tier,
    best_tier_rank: best.rank,
    clearinghouse_ids: [...new Set(counted.map((a) => a.clearinghouse))].sort(),
    grading_groups: [...groups].sort(),
  }
}
