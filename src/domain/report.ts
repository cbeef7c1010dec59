import { NAME_MAX, TEXT_MAX } from './limits.ts'
import { z } from 'zod'
import { Slug, Source } from './source.ts'

/** A published table that lists interventions, such as the chapter's Table 9. */
export const ReportTable = z
  .object({
    id: Slug,
    title: z.string().max(NAME_MAX).min(1),
    label: z.string().max(NAME_MAX).min(1),
    publication: z.string().max(TEXT_MAX).min(1),
    /** Columns are needs; their order is the table's order. */
    columns: z.array(z.object({ need: Slug, label: z.string().max(NAME_MAX).min(1) }).strict()).min(1),
    groups: z.array(z.object({ id: Slug, label: z.string().max(NAME_MAX).min(1) }).strict()).min(1),
    /** Totals the publication states in its text, kept to check the data against. */
    statedTotals: z.record(z.string(), z.number().int().min(0)),
    notes: z.array(z.string().max(TEXT_MAX).min(1)).default([]),
    source: Source,
  })
  .strict()
export type ReportTable = z.infer<typeof ReportTable>

/** That a report table lists an intervention, where, and with which marks. */
export const ReportInclusion = z
  .object({
    report: Slug,
    group: Slug,
    position: z.number().int().min(1),
    /** The row label exactly as printed, misspellings included. */
    nameInReport: z.string().max(TEXT_MAX).min(1),
    marks: z.record(Slug, z.boolean()),
  })
  .strict()
export type ReportInclusion = z.infer<typeof ReportInclusion>
