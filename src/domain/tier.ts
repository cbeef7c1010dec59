import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { Slug } from './source.ts'

/**
 * One level of the harmonised evidence scale. The scale is data (data/evidence-tiers.json);
 * `rank` orders it, 1 being the strongest evidence of benefit.
 */
export const Tier = z
  .object({
    id: Slug,
    rank: z.number().int().min(1),
    label: z.string().max(NAME_MAX).min(1),
    description: z.string().max(TEXT_MAX).min(1),
    /** Whether an intervention at this tier may be recommended at all (false for no effect or harm). */
    recommendable: z.boolean(),
    /** Whether the tier says something about effectiveness (false for "not rated" and "unknown"). */
    graded: z.boolean(),
  })
  .strict()
export type Tier = z.infer<typeof Tier>

export const TierScale = z
  .object({ tiers: z.array(Tier).min(2) })
  .strict()
  .superRefine((scale, ctx) => {
    const ranks = new Set<number>()
    const ids = new Set<string>()
    scale.tiers.forEach((t, i) => {
      if (ranks.has(t.rank)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'rank'], message: `rank ${t.rank} is used twice` })
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `id "${t.id}" is used twice` })
      ranks.add(t.rank)
      ids.add(t.id)
    })
  })
export type TierScale = z.infer<typeof TierScale>

/** Sort tiers strongest first. */
export function orderTiers(tiers: readonly Tier[]): Tier[] {
  return [...tiers].sort((a, b) => a.rank - b.rank)
}
