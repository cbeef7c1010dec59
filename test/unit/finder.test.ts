import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { rankInterventions, type FinderGrade, type FinderIntervention, type FinderSelection } from '../../src/domain/finder.ts'

const tierRank = new Map(['strong', 'moderate', 'preliminary', 'theory-based', 'insufficient', 'no-effect', 'harmful', 'not-rated', 'unknown'].map((t, i) => [t, i + 1]))
const grade = (tier: string, over: Partial<FinderGrade> = {}): FinderGrade => ({ clearinghouse: 'p', clearinghouseName: 'Portal', country: 'united states', nordic: false, nativeLevel: `native ${tier}`, tier, reviewDate: null, appliesTo: null, ...over })
function iv(id: string, over: Partial<FinderIntervention> = {}): FinderIntervention {
  const bestTier = over.bestTier ?? 'unknown'
  const g = bestTier === 'unknown' ? [] : [grade(bestTier)]
  return { id, name: id, needs: [{ need: 'a', role: 'primary' }], childAge: null, formats: [], bestTier, bestGrades: g, currentGrades: g, ...over }
}
const sel = (over: Partial<FinderSelection> = {}): FinderSelection => ({ needs: ['a'], format: 'any', ...over })
const ids = (xs: { id: string }[]) => xs.map((x) => x.id)

describe('rankInterventions', () => {
  it('1. only interventions targeting a selected need are candidates', () => {
    const r = rankInterventions([iv('x'), iv('y', { needs: [{ need: 'b', role: 'primary' }] })], sel(), tierRank)
    assert.deepEqual(ids(r.results), ['x'])
  })
  it('2. never recommends "harmful" or "no effect", but lists them apart with the reason', () => {
    const harm = grade('harmful', { nativeLevel: 'Concerning Practice' })
    const r = rankInterventions([
      iv('ok', { bestTier: 'preliminary' }),
      iv('bad', { bestTier: 'moderate', currentGrades: [grade('moderate'), harm] }),
      iv('null', { bestTier: 'no-effect' }),
    ], sel(), tierRank)
    assert.deepEqual(ids(r.results), ['ok'])
    assert.deepEqual(r.excluded.map((e) => [e.id, e.reason.kind, e.reason.grade?.nativeLevel]), [['bad', 'harmful', 'Concerning Practice'], ['null', 'no-effect', 'native no-effect']])
  })
  it('3a. more selected needs as a primary goal rank higher, before evidence', () => {
    const r = rankInterventions([
      iv('one-strong', { bestTier: 'strong' }),
      iv('two-weak', { bestTier: 'preliminary', needs: [{ need: 'a', role: 'primary' }, { need: 'b', role: 'primary' }] }),
    ], sel({ needs: ['a', 'b'] }), tierRank)
    assert.deepEqual(ids(r.results), ['two-weak', 'one-strong'])
  })
  it('3b. an intervention designed for other ages comes after those that fit, and says so', () => {
    const r = rankInterventions([
      iv('older', { bestTier: 'strong', childAge: { prenatal: false, fromMonths: 24, toMonths: 84 } }),
      iv('unknown-age', { bestTier: 'preliminary' }),
      iv('infant', { bestTier: 'insufficient', childAge: { prenatal: false, fromMonths: 0, toMonths: 12 } }),
    ], sel({ stage: '0-3m' }), tierRank)
    assert.deepEqual(ids(r.results), ['infant', 'unknown-age', 'older'])
    const older = r.results[2]!
    assert.ok(older.reasons.some((x) => x.kind === 'age-mismatch' && x.age.fromMonths === 24 && x.age.toMonths === 84))
    assert.ok(r.results[1]!.reasons.some((x) => x.kind === 'age-unknown'))
  })
  it('3c. stronger evidence ranks higher, with the strongest grade quoted', () => {
    const r = rankInterventions([iv('weak', { bestTier: 'preliminary' }), iv('strong', { bestTier: 'strong' }), iv('none')], sel(), tierRank)
    assert.deepEqual(ids(r.results), ['strong', 'weak', 'none'])
    assert.ok(r.results[0]!.reasons.some((x) => x.kind === 'grade' && x.grade.nativeLevel === 'native strong'))
    assert.ok(r.results[2]!.reasons.some((x) => x.kind === 'no-grade'))
  })
  it('3d. secondary goals count after evidence', () => {
    const r = rankInterventions([
      iv('plain', { bestTier: 'moderate' }),
      iv('also-b', { bestTier: 'moderate', needs: [{ need: 'a', role: 'primary' }, { need: 'b', role: 'secondary' }] }),
    ], sel({ needs: ['a', 'b'] }), tierRank)
    assert.deepEqual(ids(r.results), ['also-b', 'plain'])
    assert.ok(r.results[0]!.reasons.some((x) => x.kind === 'targets-secondary' && x.needs[0] === 'b'))
  })
  it('3e. the preferred format breaks ties, and a mismatch is said', () => {
    const r = rankInterventions([iv('group', { formats: ['group'] }), iv('home', { formats: ['home-visit'] }), iv('unknown')], sel({ format: 'home-visit' }), tierRank)
    assert.deepEqual(ids(r.results), ['home', 'unknown', 'group'])
    assert.ok(r.results[2]!.reasons.some((x) => x.kind === 'format-mismatch' && x.formats[0] === 'group'))
  })
  it('3f. grades from the family\'s country, then any Nordic portal, break remaining ties', () => {
    const fi = grade('moderate', { clearinghouseName: 'Kasvun tuki', country: 'finland', nordic: true })
    const no = grade('moderate', { clearinghouseName: 'Ungsinn', country: 'norway', nordic: true })
    const r = rankInterventions([iv('us', { bestTier: 'moderate' }), iv('no', { bestTier: 'moderate', currentGrades: [no] }), iv('fi', { bestTier: 'moderate', currentGrades: [fi] })], sel({ country: 'finland' }), tierRank)
    assert.deepEqual(ids(r.results), ['fi', 'no', 'us'])
    assert.ok(r.results[0]!.reasons.some((x) => x.kind === 'graded-in-country' && x.clearinghouses[0] === 'Kasvun tuki'))
    assert.ok(r.results[2]!.reasons.some((x) => x.kind === 'not-nordic-graded'))
  })
  it('3g. equal cases come out by name, the same every time', () => {
    const a = rankInterventions([iv('b'), iv('a'), iv('c')], sel(), tierRank)
    const b = rankInterventions([iv('c'), iv('b'), iv('a')], sel(), tierRank)
    assert.deepEqual(ids(a.results), ['a', 'b', 'c'])
    assert.deepEqual(a, b)
  })
  it('5. a selected need nothing targets is a gap', () => {
    const r = rankInterventions([iv('x')], sel({ needs: ['a', 'single-parents'] }), tierRank)
    assert.deepEqual(r.gaps, ['single-parents'])
    assert.deepEqual(rankInterventions([], sel(), tierRank), { results: [], excluded: [], gaps: ['a'] })
  })
})
