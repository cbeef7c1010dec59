import { ageBands, type AgeBand } from './age.ts'
import type { ChildAge } from './intervention.ts'

/**
 * The needs finder's ranking: one deterministic function from a family's selection to ranked,
 * explained interventions. Decision support, not diagnosis or referral.
 *
 * Rules, in order:
 *  1. Candidates target at least one selected need, as a primary or a secondary goal.
 *  2. Never recommended, listed apart with the reason: an intervention whose current grade in any
 *     portal is "harmful", or whose best tier is "no effect" (nothing better is known of it).
 *  3. Ranked by, in turn:
 *     a. how many selected needs it targets as a primary goal (more first);
 *     b. fit to the child's stage (fits, then unknown, then designed for other ages);
 *     c. strength of evidence: best harmonised tier (stronger first);
 *     d. how many selected needs it targets as a secondary goal (more first);
 *     e. fit to the preferred format (fits, then unknown, then other formats);
 *     f. graded in a portal of the family's country, then in any Nordic portal;
 *     g. name, so equal cases always come out in the same order.
 *  4. Every result carries its reasons, mismatches said as plainly as matches.
 *  5. A selected need that no intervention targets is a gap, reported with the evidence about it.
 */

export const STAGES = ['pregnancy', '0-3m', '3-12m', '12-24m'] as const
export type Stage = (typeof STAGES)[number]
export const COUNTRIES = ['denmark', 'finland', 'iceland', 'norway', 'sweden', 'other'] as const
export type Country = (typeof COUNTRIES)[number]
export const PREFERRED_FORMATS = ['any', 'group', 'individual', 'home-visit'] as const
export type PreferredFormat = (typeof PREFERRED_FORMATS)[number]

export interface FinderSelection {
  needs: string[]
  stage?: Stage
  country?: Country
  format: PreferredFormat
}

export interface FinderGrade {
  clearinghouse: string
  clearinghouseName: string
  /** The clearinghouse's country, lower case ("finland"), to match the family's country. */
  country: string
  nordic: boolean
  nativeLevel: string
  tier: string
  reviewDate: string | null
  appliesTo: string | null
}

export interface FinderIntervention {
  id: string
  name: string
  needs: { need: string; role: 'primary' | 'secondary' }[]
  childAge: ChildAge | null
  formats: string[]
  bestTier: string
  /** The current grades behind the best tier, quoted verbatim. */
  bestGrades: FinderGrade[]
  /** Every current counted grade (to find harm, and grades from the family's country). */
  currentGrades: FinderGrade[]
}

export type Reason =
  | { kind: 'targets-primary'; needs: string[] }
  | { kind: 'targets-secondary'; needs: string[] }
  | { kind: 'grade'; grade: FinderGrade }
  | { kind: 'no-grade' }
  | { kind: 'age-fit'; age: ChildAge }
  | { kind: 'age-mismatch'; age: ChildAge }
  | { kind: 'age-unknown' }
  | { kind: 'format-fit'; formats: string[] }
  | { kind: 'format-mismatch'; formats: string[] }
  | { kind: 'format-unknown' }
  | { kind: 'graded-in-country'; clearinghouses: string[] }
  | { kind: 'nordic-graded'; clearinghouses: string[] }
  | { kind: 'not-nordic-graded' }

export interface FinderResult {
  id: string
  name: string
  tier: string
  reasons: Reason[]
}

export interface FinderExcluded {
  id: string
  name: string
  tier: string
  reason: { kind: 'harmful' | 'no-effect'; grade: FinderGrade | null }
}

export interface FinderAnswer {
  results: FinderResult[]
  excluded: FinderExcluded[]
  /** Selected needs that no intervention targets. */
  gaps: string[]
}

type Fit = 0 | 1 | 2 // 0 fits, 1 unknown, 2 does not fit

function stageFit(age: ChildAge | null, stage: Stage | undefined): Fit | null {
  if (!stage) return null
  const bands = ageBands(age)
  if (bands.includes('unknown-age')) return 1
  return bands.includes(stage as AgeBand) ? 0 : 2
}

function formatFit(formats: string[], preferred: PreferredFormat): Fit | null {
  if (preferred === 'any') return null
  if (formats.length === 0) return 1
  return formats.includes(preferred) ? 0 : 2
}

export function rankInterventions(interventions: readonly FinderIntervention[], sel: FinderSelection, tierRank: ReadonlyMap<string, number>): FinderAnswer {
  const selected = new Set(sel.needs)
  const candidates = interventions.filter((iv) => iv.needs.some((n) => selected.has(n.need)))
  const gaps = sel.needs.filter((need) => !candidates.some((iv) => iv.needs.some((n) => n.need === need)))

  const excluded: FinderExcluded[] = []
  const scored: { result: FinderResult; key: (number | string)[] }[] = []
  for (const iv of candidates) {
    const harmful = iv.currentGrades.find((g) => g.tier === 'harmful')
    if (harmful || iv.bestTier === 'no-effect' || iv.bestTier === 'harmful') {
      excluded.push({ id: iv.id, name: iv.name, tier: iv.bestTier, reason: harmful ? { kind: 'harmful', grade: harmful } : { kind: 'no-effect', grade: iv.bestGrades[0] ?? null } })
      continue
    }
    const primary = sel.needs.filter((need) => iv.needs.some((n) => n.need === need && n.role === 'primary'))
    const secondary = sel.needs.filter((need) => iv.needs.some((n) => n.need === need && n.role === 'secondary'))
    const age = stageFit(iv.childAge, sel.stage)
    const format = formatFit(iv.formats, sel.format)
    const countryGrades = sel.country && sel.country !== 'other' ? [...new Set(iv.currentGrades.filter((g) => g.country === sel.country).map((g) => g.clearinghouseName))] : []
    const nordicGrades = [...new Set(iv.currentGrades.filter((g) => g.nordic).map((g) => g.clearinghouseName))]

    const reasons: Reason[] = []
    if (primary.length) reasons.push({ kind: 'targets-primary', needs: primary })
    if (secondary.length) reasons.push({ kind: 'targets-secondary', needs: secondary })
    if (iv.bestGrades.length) for (const g of iv.bestGrades) reasons.push({ kind: 'grade', grade: g })
    else reasons.push({ kind: 'no-grade' })
    if (age !== null) reasons.push(age === 0 ? { kind: 'age-fit', age: iv.childAge! } : age === 2 ? { kind: 'age-mismatch', age: iv.childAge! } : { kind: 'age-unknown' })
    if (format !== null) reasons.push(format === 0 ? { kind: 'format-fit', formats: iv.formats } : format === 2 ? { kind: 'format-mismatch', formats: iv.formats } : { kind: 'format-unknown' })
    if (countryGrades.length) reasons.push({ kind: 'graded-in-country', clearinghouses: countryGrades })
    reasons.push(nordicGrades.length ? { kind: 'nordic-graded', clearinghouses: nordicGrades } : { kind: 'not-nordic-graded' })

    scored.push({
      result: { id: iv.id, name: iv.name, tier: iv.bestTier, reasons },
      key: [-primary.length, age ?? 1, tierRank.get(iv.bestTier) ?? 99, -secondary.length, format ?? 1, countryGrades.length ? 0 : nordicGrades.length ? 1 : 2, iv.name],
    })
  }
  scored.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i]!
      const y = b.key[i]!
      if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    }
    return 0
  })
  return { results: scored.map((s) => s.result), excluded: excluded.sort((a, b) => a.name.localeCompare(b.name)), gaps }
}
