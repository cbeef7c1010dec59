import { z } from 'zod'
import { LocalisedText, Slug, Source } from './source.ts'

/** A domain of the WHO maternal well-being framework; this release covers one. */
export const FrameworkDomain = z
  .object({
    id: Slug,
    name: LocalisedText,
    description: LocalisedText,
    source: Source,
  })
  .strict()
export type FrameworkDomain = z.infer<typeof FrameworkDomain>

/** A need or circumstance of a family that an intervention can target. */
export const Need = z
  .object({
    id: Slug,
    domain: Slug,
    kind: z.enum(['need', 'circumstance']),
    name: LocalisedText,
    description: LocalisedText,
    /** Where the chapter discusses it. */
    source: Source,
  })
  .strict()
export type Need = z.infer<typeof Need>

export const NeedsFile = z
  .object({ domains: z.array(FrameworkDomain).min(1), needs: z.array(Need).min(1) })
  .strict()
export type NeedsFile = z.infer<typeof NeedsFile>
