// The needs finder's ranking as it was before it was indexed per revision (src/domain/finder.ts at
// f378efe, verbatim but for imports and names): a brute-force oracle that the indexed ranking must
// answer exactly like, on the shipped catalogue and on a synthetic one (test/db/finder-ranking.test.ts).
import { ageBands, type AgeBand } from '../../src/domain/age.ts'
import type { FinderAnswer, FinderExcluded, FinderGrade, FinderIntervention, FinderNotFit, FinderResult, FinderSelection, NotFitReason, PreferredFormat, Reason, Stage } from '../../src/domain/finder.ts'
import type { ChildAge } from '../../src/domain/intervention.ts'

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

/** One grade per clearinghouse, in the order given. */
function perClearinghouse(grades: FinderGrade[]): FinderGrade[] {
  const seen = new Set<string>()
  return grades.filter((g) => !seen.has(g.clearinghouse) && seen.add(g.clearinghouse))
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

export function referenceRanking(interventions: readonly FinderIntervention[], sel: FinderSelection, tierRank: ReadonlyMap<string, number>): FinderAnswer {
  const chosen = [...new Set(sel.needs)]
  const inCountry = (g: FinderGrade) => sel.country !== undefined && sel.country !== 'other' && g.country === sel.country
  const gaps = chosen.filter((need) => !interventions.some((iv) => iv.needs.some((n) => n.need === need)))

  const notFit: FinderNotFit[] = []
  const notRecommended: FinderExcluded[] = []
  const scored: { result: FinderResult; key: (number | string)[] }[] = []
  for (const iv of interventions) {
    const covers = chosen.flatMap((need) => iv.needs.filter((n) => n.need === need).map((n) => ({ need, role: n.role })))
    const age = stageFit(iv.childAge, sel.stage)
    const harmful = iv.currentGrades.find((g) => g.tier === 'harmful')
    if (covers.length > 0 && (harmful || iv.bestTier === 'no-effect' || iv.bestTier === 'harmful')) {
      notRecommended.push({ id: iv.id, name: iv.name, tier: iv.bestTier, reason: harmful ? { kind: 'harmful', grade: harmful } : { kind: 'no-effect', grade: iv.bestGrades[0] ?? null } })
      continue
    }
    if (covers.length === 0 || age === 2) {
      const reasons: NotFitReason[] = []
      if (covers.length === 0) reasons.push({ kind: 'no-chosen-need' })
      if (age === 2) reasons.push({ kind: 'stage-mismatch', age: iv.childAge! })
      notFit.push({ id: iv.id, name: iv.name, tier: iv.bestTier, reasons })
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
      key: [-covers.length, tierRank.get(iv.bestTier) ?? 99, -primary.length, countryGrades.length ? 0 : 1, age ?? 0, format ?? 0, iv.name],
    })
  }
  scored.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i]!
      const y = b.key[i]!
      if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : byName({ name: String(x) }, { name: String(y) })
    }
    return 0
  })
  return { results: scored.map((s) => s.result), notFit: notFit.sort(byName), notRecommended: notRecommended.sort(byName), gaps }
}
