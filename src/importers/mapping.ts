import { z } from 'zod'

/**
 * How to read one portal's snapshot file: which columns hold what (any of several header names,
 * case-insensitive), and how its grade wording maps onto the levels of its scale. The built-in
 * adapters are instances of this; a generic mapping file in the same shape covers any other portal.
 */
export const SnapshotMapping = z
  .object({
    clearinghouse: z.string().min(1),
    scale: z.string().min(1),
    columns: z
      .object({
        id: z.array(z.string().min(1)).default([]),
        name: z.array(z.string().min(1)).min(1),
        grade: z.array(z.string().min(1)).min(1),
        reviewDate: z.array(z.string().min(1)).default([]),
        url: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    /** Tried in order; the first whose pattern matches gives the level ("$1" takes the first group). */
    grades: z.array(z.object({ pattern: z.string().min(1), level: z.string().min(1) }).strict()).min(1),
  })
  .strict()
export type SnapshotMapping = z.infer<typeof SnapshotMapping>

/** The scale level a grade's wording parses to, or null when no rule matches. */
export function parseGrade(mapping: SnapshotMapping, text: string): string | null {
  const t = text.trim()
  for (const g of mapping.grades) {
    const m = new RegExp(g.pattern, 'iu').exec(t)
    if (m) return g.level.replace('$1', m[1] ?? '')
  }
  return null
}
