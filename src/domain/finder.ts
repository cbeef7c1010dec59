import { ageBands, type AgeBand } from './age.ts'
import type { ChildAge } from './intervention.ts'

/**
 * The needs finder: one deterministic function from a family's selection to an answer — what fits,
 * ranked and explained; what does not fit, each with its reason; what is never recommended; and the
 * chosen needs nothing targets. Decision support, not diagnosis or referral. docs/finder.md states
 * these rules in prose with the scenarios that test them (test/unit/finder.test.ts).
 *
 * Fit. A programme is a result only if
 *  F1. it targets at least one chosen need, as a primary or a secondary goal, and
 *  F2. it suits the child's stage: its ages include the chosen stage, or its ages are not recorded
 *      (unknown is not a mismatch; it ranks after a known fit). With no stage chosen, every age fits.
 * Never ranked. A programme that targets a chosen need but whose current grade in any portal is
 * "harmful", or whose best tier is "no effect", is listed apart with that grade (even when F2 fails).
 * Everything else in the catalogue is "not a fit", with every reason that applies (F1, F2).
 *
 * Rank. Results are ordered by, in turn:
 *  R1. how many of the chosen needs it targets, as a primary or a secondary goal (more first);
 *  R2. the strength of its best current grade: the harmonised tier's rank (stronger first);
 *  R3. how many of the chosen needs it targets as a primary goal (primary above secondary);
 *  R4. graded or listed in a portal of the chosen country (first);
 *  R5. stage fit: ages recorded and fitting, before ages not recorded;
 *  R6. the chosen format: offered in it, then format not recorded, then other formats only;
 *  R7. name, so equal cases always come out in the same order.
 * R2 comes before R3 so that at the same coverage a strong programme for a need it serves as a
 * secondary goal (a co-parenting programme for a couple in conflict) is not buried under every weaker
 * programme that names the need as its primary goal; at the same coverage and evidence, primary wins.
 */

export const STAGES = ['pregnancy', '0-3m', '3-12m', '12-24m'] as const
export type Stage = (typeof STAGES)[number]
export const COUNTRIES = ['denmark', 'finland', 'iceland', 'norway', 'sweden', 'other'] as const
export type Country = (typeof COUNTRIES)[number]
export const PREFERRED_FORMATS = ['any', 'group', 'individual', 'home-visit'] as const
export type PreferredFormat = (typeof PREFERRED_FORMATS)[number]
/** How many results the page shows before "show all". */
export const TOP_RESULTS = 10
/**
 * The most the page lists at once in any one list ("show all" results, "not a fit", "not
 * recommended"): with thousands of programmes an unbounded page took hundreds of milliseconds to
 * render and megabytes to send. Longer lists continue on further pages, each a link.
 */
export const LONG_PAGE = 100

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
  /** Where the grade was read. */
  sourceUrl: string | null
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
  | { kind: 'does-not-target'; needs: string[] }
  | { kind: 'grade'; grade: FinderGrade }
  | { kind: 'no-grade' }
  | { kind: 'age-fit'; age: ChildAge }
  | { kind: 'age-unknown' }
  | { kind: 'format-fit'; formats: string[] }
  | { kind: 'format-mismatch'; formats: string[] }
  | { kind: 'format-unknown' }
  | { kind: 'in-country'; grade: FinderGrade }

export type NotFitReason = { kind: 'no-chosen-need' } | { kind: 'stage-mismatch'; age: ChildAge }

/**
 * What the ranking knows of a result beside its grades. Its words (description, population, dosage)
 * are not held with the catalogue the finder ranks — at 50,000 programmes they were most of its
 * 114 MB — but read for the results shown (the web layer's finder loader).
 */
export interface FinderFacts {
  formats: string[]
  childAge: ChildAge | null
}

export interface FinderResult {
  id: string
  name: string
  tier: string
  /** The chosen needs it targets, in the order chosen. */
  covers: { need: string; role: 'primary' | 'secondary' }[]
  /** The chosen needs it does not target (gaps, which nothing targets, are said once, not here). */
  misses: string[]
  /** The grade quoted for it: one behind its best tier, the chosen country's portal first, then the latest. */
  bestGrade: FinderGrade | null
  facts: FinderFacts
  reasons: Reason[]
}

export interface FinderNotFit {
  id: string
  name: string
  tier: string
  reasons: NotFitReason[]
}

export interface FinderExcluded {
  id: string
  name: string
  tier: string
  reason: { kind: 'harmful' | 'no-effect'; grade: FinderGrade | null }
}

export interface FinderAnswer {
  /** Fitting programmes, best first (rules R1–R7). */
  results: FinderResult[]
  /** Every other programme that is not never-recommended, by name, each with its reasons. */
  notFit: FinderNotFit[]
  /** Programmes targeting a chosen need that a portal found harmful or of no effect: never ranked. */
  notRecommended: FinderExcluded[]
  /** Chosen needs that no programme in the catalogue targets. */
  gaps: string[]
}

type Fit = 0 | 1 | 2 // 0 fits, 1 unknown, 2 does not fit

export function stageFit(age: ChildAge | null, stage: Stage | undefined): Fit | null {
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

/** One grade per clearinghouse, in the order given. */
function perClearinghouse(grades: FinderGrade[]): FinderGrade[] {
  const seen = new Set<string>()
  return grades.filter((g) => !seen.has(g.clearinghouse) && seen.add(g.clearinghouse))
}

// One collator for every comparison: `localeCompare(…, 'en')` builds one per call (the same order,
// ~100 times slower), and sorting thousands of names by it dominated a request.
const collator = new Intl.Collator('en')
/** The order of names everywhere in the finder (English collation, then code units for a total order). */
export const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * The catalogue as the finder reads it, indexed once per catalogue revision: which programmes
 * target each need, and how each fits each stage. Ranking then visits the programmes of the
 * chosen needs only to score them; every other one is "not a fit" by a lookup. (Asking every
 * programme's needs and ages on every request was most of a request at 5,000 programmes.)
 */
export interface PreparedFinder {
  interventions: readonly FinderIntervention[]
  /** Need id → positions in `interventions` of the programmes that target it. */
  byNeed: ReadonlyMap<string, readonly number[]>
  /** Stage → each programme's fit (0 fits, 1 unknown, 2 does not fit), by position. */
  stageFits: ReadonlyMap<Stage, Uint8Array>
  /** Each programme's place in name order (rule R7 and the lists by name), by position. */
  nameRank: Uint32Array
}

export function prepareFinder(interventions: readonly FinderIntervention[]): PreparedFinder {
  const byNeed = new Map<string, number[]>()
  interventions.forEach((iv, i) => {
    for (const need of new Set(iv.needs.map((n) => n.need))) {
      const list = byNeed.get(need)
      if (list) list.push(i)
      else byNeed.set(need, [i])
    }
  })
  const stageFits = new Map(STAGES.map((stage) => [stage, Uint8Array.from(interventions, (iv) => stageFit(iv.childAge, stage)!)]))
  // A stable sort: programmes of the same name keep their order, as they did when sorted by name.
  const nameRank = new Uint32Array(interventions.length)
  interventions
    .map((iv, i) => ({ name: iv.name, i }))
    .sort(byName)
    .forEach((x, rank) => (nameRank[x.i] = rank))
  return { interventions, byNeed, stageFits, nameRank }
}

// Shared by the thousands of programmes that target none of the chosen needs (never modified).
const NO_CHOSEN_NEED: NotFitReason = Object.freeze({ kind: 'no-chosen-need' })
const ONLY_NO_CHOSEN_NEED = Object.freeze([NO_CHOSEN_NEED]) as NotFitReason[]

export function rankInterventions(catalogue: readonly FinderIntervention[] | PreparedFinder, sel: FinderSelection, tierRank: ReadonlyMap<string, number>): FinderAnswer {
  const prepared = 'byNeed' in catalogue ? catalogue : prepareFinder(catalogue)
  const { interventions, nameRank } = prepared
  // Lists by name: positions are visited in order, so a catalogue given in name order (as the store
  // gives it) needs no sort at all; any other is sorted by each programme's place in name order.
  const byNameOrder = <T>(xs: { i: number; item: T }[]) => {
    let sorted = true
    for (let k = 1; k < xs.length && sorted; k++) sorted = nameRank[xs[k - 1]!.i]! < nameRank[xs[k]!.i]!
    if (!sorted) xs.sort((a, b) => nameRank[a.i]! - nameRank[b.i]!)
    return xs.map((x) => x.item)
  }
  const chosen = [...new Set(sel.needs)]
  const inCountry = (g: FinderGrade) => sel.country !== undefined && sel.country !== 'other' && g.country === sel.country
  const gaps = chosen.filter((need) => !prepared.byNeed.has(need))
  // The programmes that target a chosen need, marked by position.
  const targets = new Uint8Array(interventions.length)
  for (const need of chosen) for (const i of prepared.byNeed.get(need) ?? []) targets[i] = 1
  const fits = sel.stage ? prepared.stageFits.get(sel.stage) : undefined

  const notFit: { i: number; item: FinderNotFit }[] = []
  const notRecommended: { i: number; item: FinderExcluded }[] = []
  const scored: { i: number; result: FinderResult; key: number[] }[] = []
  for (let i = 0; i < interventions.length; i++) {
    const iv = interventions[i]!
    const age = fits ? (fits[i] as Fit) : null
    if (!targets[i]) {
      notFit.push({ i, item: { id: iv.id, name: iv.name, tier: iv.bestTier, reasons: age === 2 ? [NO_CHOSEN_NEED, { kind: 'stage-mismatch', age: iv.childAge! }] : ONLY_NO_CHOSEN_NEED } })
      continue
    }
    const covers: FinderResult['covers'] = []
    for (const need of chosen) for (const n of iv.needs) if (n.need === need) covers.push({ need, role: n.role })
    const harmful = covers.length > 0 ? iv.currentGrades.find((g) => g.tier === 'harmful') : undefined
    if (covers.length > 0 && (harmful || iv.bestTier === 'no-effect' || iv.bestTier === 'harmful')) {
      notRecommended.push({ i, item: { id: iv.id, name: iv.name, tier: iv.bestTier, reason: harmful ? { kind: 'harmful', grade: harmful } : { kind: 'no-effect', grade: iv.bestGrades[0] ?? null } } })
      continue
    }
    if (covers.length === 0 || age === 2) {
      const reasons: NotFitReason[] = []
      if (covers.length === 0) reasons.push({ kind: 'no-chosen-need' })
      if (age === 2) reasons.push({ kind: 'stage-mismatch', age: iv.childAge! })
      notFit.push({ i, item: { id: iv.id, name: iv.name, tier: iv.bestTier, reasons } })
      continue
    }

    const primary = covers.filter((c) => c.role === 'primary').map((c) => c.need)
    const secondary = covers.filter((c) => c.role === 'secondary').map((c) => c.need)
    // A gap is said once for all; here only the chosen needs another programme does target.
    const misses = chosen.filter((need) => !covers.some((c) => c.need === need) && !gaps.includes(need))
    const format = formatFit(iv.formats, sel.format)
    const countryGrades = perClearinghouse(iv.currentGrades.filter(inCountry))
    const bestGrade = [...iv.bestGrades].sort((a, b) => Number(inCountry(b)) - Number(inCountry(a)) || (b.reviewDate ?? '').localeCompare(a.reviewDate ?? ''))[0] ?? null

    const reasons: Reason[] = []
    if (primary.length) reasons.push({ kind: 'targets-primary', needs: primary })
    if (secondary.length) reasons.push({ kind: 'targets-secondary', needs: secondary })
    if (misses.length) reasons.push({ kind: 'does-not-target', needs: misses })
    reasons.push(bestGrade ? { kind: 'grade', grade: bestGrade } : { kind: 'no-grade' })
    if (age !== null) reasons.push(age === 0 ? { kind: 'age-fit', age: iv.childAge! } : { kind: 'age-unknown' })
    if (format !== null) reasons.push(format === 0 ? { kind: 'format-fit', formats: iv.formats } : format === 2 ? { kind: 'format-mismatch', formats: iv.formats } : { kind: 'format-unknown' })
    for (const g of countryGrades) reasons.push({ kind: 'in-country', grade: g })

    scored.push({
      i,
      result: {
        id: iv.id,
        name: iv.name,
        tier: iv.bestTier,
        covers,
        misses,
        bestGrade,
        facts: { formats: iv.formats, childAge: iv.childAge },
        reasons,
      },
      // R7, the name, as its place in name order: the same order, compared as a number.
      key: [-covers.length, tierRank.get(iv.bestTier) ?? 99, -primary.length, countryGrades.length ? 0 : 1, age ?? 0, format ?? 0, nameRank[i]!],
    })
  }
  scored.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k]! - b.key[k]!
    return 0
  })
  return { results: scored.map((s) => s.result), notFit: byNameOrder(notFit), notRecommended: byNameOrder(notRecommended), gaps }
}

/** One page of a list: its items, and where they stand in the whole. */
export interface Page<T> {
  items: T[]
  /** 1-based; a page past the end shows the last one. */
  page: number
  pageSize: number
  total: number
  pages: number
  /** The position of the first item in the whole list (0-based). */
  start: number
}

export function pageOf<T>(xs: readonly T[], page: number, pageSize: number): Page<T> {
  const pages = Math.max(1, Math.ceil(xs.length / pageSize))
  const p = Math.min(Math.max(1, Math.floor(page)), pages)
  const start = (p - 1) * pageSize
  return { items: xs.slice(start, start + pageSize), page: p, pageSize, total: xs.length, pages, start }
}

/** What the finder page shows of an answer: where the reader is in each of its lists. */
export interface FinderPaging {
  /** Results page (of TOP_RESULTS, or LONG_PAGE with `all`). */
  page?: number
  all?: boolean
  notFitPage?: number
  excludedPage?: number
}

/** The finder page's window on an answer: every list bounded, whatever the size of the catalogue. */
export function finderWindow(answer: FinderAnswer, paging: FinderPaging) {
  return {
    results: pageOf(answer.results, paging.page ?? 1, paging.all ? LONG_PAGE : TOP_RESULTS),
    notFit: pageOf(answer.notFit, paging.notFitPage ?? 1, LONG_PAGE),
    notRecommended: pageOf(answer.notRecommended, paging.excludedPage ?? 1, LONG_PAGE),
  }
}
export type FinderWindow = ReturnType<typeof finderWindow>
