import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { PartialDate, Quote, Slug, Source } from './source.ts'

/**
 * What a grade refers to. A portal grades one version of a programme; the atlas keeps the grade
 * with that version named and counts only grades of the listed intervention itself or of a close
 * variant for the same age band towards its best tier.
 */
export const AssessmentScope = z.enum([
  'programme', // the intervention as listed
  'variant', // a version of it for the same families (e.g. a preterm version); counts, named in appliesTo
  'related', // a sibling programme or a version for another age group; shown, not counted
  'unconfirmed', // the portal's programme may be this intervention, but that is not confirmed; shown, not counted
])
export type AssessmentScope = z.infer<typeof AssessmentScope>
export const COUNTED_SCOPES: readonly AssessmentScope[] = ['programme', 'variant']

/** One grade given by one clearinghouse at one time, kept verbatim. */
export const Assessment = z
  .object({
    clearinghouse: Slug,
    scale: Slug,
    /** The scale level id; null when the retrieved wording does not pin a level (the tier is then "unknown"). */
    level: z.string().max(TEXT_MAX).nullable(),
    /** The grade exactly as the portal words it. */
    nativeLevel: z.string().max(NAME_MAX).min(1),
    scope: AssessmentScope,
    appliesTo: z.string().max(TEXT_MAX).min(1).nullable().default(null),
    /** A portal's topic area, where it grades the same programme per topic (CEBC). */
    topic: z.string().max(TEXT_MAX).min(1).nullable().default(null),
    reviewDate: PartialDate.nullable().default(null),
    edition: z.string().max(TEXT_MAX).min(1).nullable().default(null),
    note: z.string().max(TEXT_MAX).min(1).nullable().default(null),
    /**
     * The proof: a short verbatim quote (at most 30 words) from the page in `source` that shows the
     * grade. A grade whose wording cannot be shown does not enter the data.
     */
    quote: Quote,
    source: Source,
  })
  .strict()
  .refine((a) => a.scope === 'programme' || a.appliesTo !== null, {
    message: 'a grade of a variant, related or unconfirmed programme must name it in "appliesTo"',
    path: ['appliesTo'],
  })
export type Assessment = z.infer<typeof Assessment>

/** A place the research looked for a grade and found none: the atlas says "unknown" there. */
export const RatingNotFound = z
  .object({
    clearinghouse: Slug.nullable(),
    note: z.string().max(TEXT_MAX).min(1),
    source: Source,
  })
  .strict()
export type RatingNotFound = z.infer<typeof RatingNotFound>
