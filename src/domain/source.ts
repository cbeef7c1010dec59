import { TEXT_MAX } from './limits.ts'
import { dateProblem } from './dates.ts'
import { z } from 'zod'

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .superRefine((v, ctx) => {
    const bad = dateProblem(v, { full: true })
    if (bad) ctx.addIssue({ code: 'custom', message: bad })
  })

/** A date as precise as the source gives it: a year, a month or a day. */
export const PartialDate = z
  .string()
  .max(10)
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD')
  .superRefine((v, ctx) => {
    const bad = dateProblem(v)
    if (bad) ctx.addIssue({ code: 'custom', message: bad })
  })

export const Slug = z.string().max(120).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase slug such as "marte-meo"')

/** Words of a quote, counted as runs of letters or digits ("…" and punctuation do not count). */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu) ?? []).length
}

/** A short verbatim quote from a source page: at most 30 words, so it proves without copying. */
export const Quote = z
  .string()
  .max(TEXT_MAX)
  .min(3)
  .refine((q) => wordCount(q) <= 30, { message: 'a quote is at most 30 words' })

/**
 * Where a fact comes from. Every rating and claim in the shipped data carries one:
 * a URL or a named document, and the date it was retrieved.
 */
export const Source = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    document: z.string().max(TEXT_MAX).min(3).optional(),
    retrievedAt: IsoDate,
    /** True when the fact was read from a third party quoting the portal, not the portal itself. */
    secondHand: z.boolean().default(false),
    /** A short verbatim quote from the page that shows the fact, where one was recorded. */
    quote: Quote.optional(),
    note: z.string().max(TEXT_MAX).optional(),
  })
  .strict()
  .refine((s) => s.url !== undefined || s.document !== undefined, {
    message: 'a source needs a "url" or a "document"',
  })
export type Source = z.infer<typeof Source>

/** Short multilingual text: English is required, other UI languages optional. */
export const LocalisedText = z
  .object({
    en: z.string().max(TEXT_MAX).min(1),
    fi: z.string().max(TEXT_MAX).min(1).optional(),
    sv: z.string().max(TEXT_MAX).min(1).optional(),
    nb: z.string().max(TEXT_MAX).min(1).optional(),
    da: z.string().max(TEXT_MAX).min(1).optional(),
  })
  .strict()
export type LocalisedText = z.infer<typeof LocalisedText>
export const LANGUAGES = ['en', 'fi', 'sv', 'nb', 'da'] as const
export type Language = (typeof LANGUAGES)[number]

/** PostgreSQL text-search configuration for each content language. */
export const TEXT_SEARCH_CONFIG: Record<Language, string> = {
  en: 'english',
  fi: 'finnish',
  sv: 'swedish',
  nb: 'norwegian',
  da: 'danish',
}
