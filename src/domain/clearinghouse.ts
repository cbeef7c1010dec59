import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { IsoDate, LocalisedText, Slug, Source } from './source.ts'
import { ClearinghouseWatch } from './watch.ts'

/** One level of a portal's own scale, with its exact native name and its harmonised tier. */
export const ScaleLevel = z
  .object({
    id: z.string().max(TEXT_MAX).regex(/^[A-Za-z0-9+-]+$/, 'expected a short level id such as "4" or "NR"'),
    nativeName: z.string().max(NAME_MAX).min(1),
    /** The native name glossed in each reader's language, for readers who do not read the portal's. */
    gloss: LocalisedText.optional(),
    tier: Slug,
    rationale: z.string().max(TEXT_MAX).min(10),
  })
  .strict()
export type ScaleLevel = z.infer<typeof ScaleLevel>

/** A rating scale, highest level first; a portal may have changed its scale over time. */
export const RatingScale = z
  .object({
    id: Slug,
    name: LocalisedText,
    inUseFrom: IsoDate.nullable().default(null),
    inUseUntil: IsoDate.nullable().default(null),
    note: z.string().max(TEXT_MAX).optional(),
    levels: z.array(ScaleLevel),
    source: Source,
  })
  .strict()
export type RatingScale = z.infer<typeof RatingScale>

export const Clearinghouse = z
  .object({
    id: Slug,
    name: z.string().max(NAME_MAX).min(1),
    shortName: z.string().max(NAME_MAX).min(1),
    country: z.string().max(TEXT_MAX).min(2),
    region: z.enum(['nordic', 'uk', 'usa', 'europe', 'other']),
    /** portal: an intervention information portal; review: a one-off evidence report used as a grading. */
    kind: z.enum(['portal', 'review']),
    url: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
    status: z.enum(['active', 'dormant', 'unknown']),
    description: LocalisedText,
    scales: z.array(RatingScale),
    notes: z.array(z.object({ text: z.string().max(TEXT_MAX).min(1), source: Source }).strict()).default([]),
    source: Source,
    /** How the page watch reads this portal's pages (optional; without it pages are watched for availability and quotes only). */
    watch: ClearinghouseWatch.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.watch) {
      const scale = c.scales.find((s) => s.id === c.watch!.scale)
      if (!scale) ctx.addIssue({ code: 'custom', path: ['watch', 'scale'], message: `expected one of this clearinghouse's scales (${c.scales.map((s) => s.id).join(', ')}), not "${c.watch.scale}"` })
      else
        c.watch.patterns.forEach((p, i) => {
          if (!p.level.includes('$1') && !scale.levels.some((l) => l.id === p.level))
            ctx.addIssue({ code: 'custom', path: ['watch', 'patterns', i, 'level'], message: `expected a level of scale ${scale.id} (${scale.levels.map((l) => l.id).join(', ')}) or "$1", not "${p.level}"` })
        })
    }
    const seen = new Set<string>()
    c.scales.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['scales', i, 'id'], message: `scale id "${s.id}" is used twice` })
      seen.add(s.id)
      const levels = new Set<string>()
      s.levels.forEach((l, j) => {
        if (levels.has(l.id))
          ctx.addIssue({ code: 'custom', path: ['scales', i, 'levels', j, 'id'], message: `level id "${l.id}" is used twice` })
        levels.add(l.id)
      })
    })
  })
export type Clearinghouse = z.infer<typeof Clearinghouse>

/** Portals in the Nordic countries: their grades make an intervention "Nordic-graded". */
export function isNordic(c: Pick<Clearinghouse, 'region'>): boolean {
  return c.region === 'nordic'
}
