import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { LocalisedText, Slug, Source } from './source.ts'

export const Citation = z
  .object({
    authors: z.string().max(NAME_MAX).min(2),
    year: z.number().int().min(1900).max(2100),
  })
  .strict()
export type Citation = z.infer<typeof Citation>

/** A finding of the literature review, in the atlas's own words, with the studies it rests on. */
export const EvidenceStatement = z
  .object({
    id: Slug,
    factor: z.enum(['risk', 'protective', 'intervention', 'context']),
    /** What the factor acts on, e.g. "mother–infant bonding". */
    outcome: z.string().max(TEXT_MAX).min(2),
    population: z.string().max(TEXT_MAX).min(2),
    direction: z.enum(['increases-risk', 'protects', 'improves', 'no-clear-effect', 'mixed', 'describes']),
    /** In the atlas's own words, in every language it is written in (English always). */
    statement: LocalisedText,
    needs: z.array(Slug).min(1),
    citations: z.array(Citation).min(1),
  })
  .strict()
export type EvidenceStatement = z.infer<typeof EvidenceStatement>

export const EvidenceSetFile = z
  .object({
    id: Slug,
    title: z.string().max(NAME_MAX).min(1),
    source: Source,
    statements: z.array(EvidenceStatement).min(1),
  })
  .strict()
export type EvidenceSetFile = z.infer<typeof EvidenceSetFile>
