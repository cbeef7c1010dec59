import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { Assessment, RatingNotFound } from './assessment.ts'
import { ReportInclusion } from './report.ts'
import { LocalisedText, Slug, Source } from './source.ts'

export const PREVENTION_LEVELS = ['universal', 'targeted', 'therapeutic'] as const
export const PreventionLevel = z.enum(PREVENTION_LEVELS)
export type PreventionLevel = z.infer<typeof PreventionLevel>

export const FORMATS = ['group', 'individual', 'home-visit', 'couple', 'video-feedback', 'inpatient', 'practice'] as const
export const DeliveryFormat = z.enum(FORMATS)
export type DeliveryFormat = z.infer<typeof DeliveryFormat>

/** Why an intervention has the prevention levels it has. An empty list of levels means unknown. */
export const PreventionBasis = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('source'), source: Source }).strict(),
  z.object({ kind: z.literal('editorial-judgement'), note: z.string().max(TEXT_MAX).min(10) }).strict(),
  z.object({ kind: z.literal('unknown'), note: z.string().max(TEXT_MAX).min(10) }).strict(),
  /** Sources disagree: each claim is shown with its source; the levels are the union of the claims. */
  z
    .object({
      kind: z.literal('conflict'),
      claims: z.array(z.object({ levels: z.array(PreventionLevel).min(1), source: Source }).strict()).min(2),
      note: z.string().max(TEXT_MAX).min(10).optional(),
    })
    .strict(),
])
export type PreventionBasis = z.infer<typeof PreventionBasis>

export const NeedTarget = z
  .object({
    need: Slug,
    role: z.enum(['primary', 'secondary']),
    /** Why: "Table 9 mark", a sentence of the chapter, a portal's description. */
    basis: z.string().max(TEXT_MAX).min(5),
  })
  .strict()
export type NeedTarget = z.infer<typeof NeedTarget>

/** The child's age the intervention is designed for; null bounds are unknown. */
export const ChildAge = z
  .object({
    prenatal: z.boolean(),
    fromMonths: z.number().int().min(0).nullable(),
    toMonths: z.number().int().min(0).nullable(),
    note: z.string().max(TEXT_MAX).optional(),
  })
  .strict()
  .refine((a) => a.fromMonths === null || a.toMonths === null || a.fromMonths <= a.toMonths, {
    message: '"fromMonths" must not be greater than "toMonths"',
  })
export type ChildAge = z.infer<typeof ChildAge>

export const Intervention = z
  .object({
    id: Slug,
    name: z.string().max(NAME_MAX).min(1),
    acronyms: z.array(z.string().max(NAME_MAX).min(1)).default([]),
    /** Other names it goes by, misspellings found in sources included, so search finds them. */
    aliases: z.array(z.string().max(NAME_MAX).min(1)).default([]),
    description: LocalisedText,
    prevention: z.object({ levels: z.array(PreventionLevel), basis: PreventionBasis }).strict(),
    needs: z.array(NeedTarget),
    targetPopulation: z.string().max(TEXT_MAX).min(3).nullable(),
    childAge: ChildAge.nullable(),
    formats: z.array(DeliveryFormat),
    dosage: z.string().max(TEXT_MAX).min(3).nullable(),
    origin: z.string().max(TEXT_MAX).min(3).nullable(),
    links: z.array(z.object({ label: z.string().max(NAME_MAX).min(1), url: z.url({ protocol: /^https?$/ }).max(2000) }).strict()).default([]),
    /** Where the descriptive facts (population, ages, format, dosage, origin) come from. */
    factSources: z.array(Source).min(1),
    assessments: z.array(Assessment),
    ratingsNotFound: z.array(RatingNotFound).default([]),
    reportInclusions: z.array(ReportInclusion).default([]),
    /** Where the chapter names it without listing it in a table. */
    mentions: z.array(z.object({ context: z.string().max(TEXT_MAX).min(10), source: Source }).strict()).default([]),
  })
  .strict()
  .superRefine((i, ctx) => {
    const needs = new Set<string>()
    i.needs.forEach((n, k) => {
      if (needs.has(n.need)) ctx.addIssue({ code: 'custom', path: ['needs', k, 'need'], message: `need "${n.need}" is listed twice` })
      needs.add(n.need)
    })
    if (i.prevention.basis.kind === 'unknown' && i.prevention.levels.length > 0)
      ctx.addIssue({ code: 'custom', path: ['prevention', 'levels'], message: 'levels must be empty when the basis is "unknown"' })
    if (i.prevention.basis.kind !== 'unknown' && i.prevention.levels.length === 0)
      ctx.addIssue({ code: 'custom', path: ['prevention', 'basis'], message: 'with no levels the basis must be "unknown"' })
    if (i.prevention.basis.kind === 'conflict') {
      const union = new Set(i.prevention.basis.claims.flatMap((c) => c.levels))
      if (union.size !== i.prevention.levels.length || !i.prevention.levels.every((l) => union.has(l)))
        ctx.addIssue({ code: 'custom', path: ['prevention', 'levels'], message: 'with conflicting sources the levels must be every level some source claims' })
    }
  })
export type Intervention = z.infer<typeof Intervention>
