import type { ChildAge } from './intervention.ts'

/** Life stages the atlas filters by; the needs finder's stages are the first four. */
export const AGE_BANDS = [
  { id: 'pregnancy', from: null, to: null },
  { id: '0-3m', from: 0, to: 3 },
  { id: '3-12m', from: 3, to: 12 },
  { id: '12-24m', from: 12, to: 24 },
  { id: 'over-24m', from: 24, to: Infinity },
] as const
export type AgeBand = (typeof AGE_BANDS)[number]['id'] | 'unknown-age'
export const AGE_BAND_IDS: AgeBand[] = [...AGE_BANDS.map((b) => b.id), 'unknown-age']

/**
 * The stages an intervention's child-age range overlaps. An open lower bound after birth starts
 * at 0; an open upper bound runs on. With no age information at all: "unknown-age".
 */
export function ageBands(age: ChildAge | null): AgeBand[] {
  if (!age || (age.fromMonths === null && age.toMonths === null && !age.prenatal)) return ['unknown-age']
  const bands: AgeBand[] = []
  if (age.prenatal) bands.push('pregnancy')
  if (age.fromMonths === null && age.toMonths === null) return bands
  const from = age.fromMonths ?? 0
  const to = age.toMonths ?? Infinity
  for (const b of AGE_BANDS) {
    if (b.from === null) continue
    // Overlap of [from, to] with [b.from, b.to): a range ending at 3 months reaches into 0–3 only.
    if (from < b.to && to >= b.from && !(to === b.from && from < to)) bands.push(b.id)
  }
  return bands
}
