import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gapFindings } from '../../src/domain/gap-findings.ts'
import { buildGapMap, type MapIntervention } from '../../src/domain/gap-map.ts'

const tierRank = new Map(['strong', 'moderate', 'preliminary', 'theory-based', 'insufficient', 'no-effect', 'harmful', 'not-rated', 'unknown'].map((t, i) => [t, i + 1]))
const cols = [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }]
function iv(id: string, over: Partial<MapIntervention> = {}): MapIntervention {
  return { id, name: id.toUpperCase(), needs: [], prevention: [], gradingGroups: [], clearinghouses: [], bestTier: 'unknown', bestTierRank: 9, ...over }
}
const P = (need: string) => ({ need, role: 'primary' as const })
const S = (need: string) => ({ need, role: 'secondary' as const })

describe('buildGapMap', () => {
  const data = [
    iv('x', { needs: [P('a'), S('b')], bestTier: 'strong', prevention: ['universal'], report: { group: 'g1', position: 2, nameInReport: 'X as printed' } }),
    iv('y', { needs: [P('a')], bestTier: 'preliminary', prevention: ['universal', 'targeted'], report: { group: 'g1', position: 1, nameInReport: 'Y' } }),
    iv('z', { needs: [P('b')], bestTier: 'moderate', report: { group: 'g2', position: 1, nameInReport: 'Z' } }),
  ]
  it('lays interventions out in the publication\'s sections and order, with correct names and the report\'s spelling as a note', () => {
    const map = buildGapMap(data, { columns: cols, rowMode: 'interventions', secondary: false, tierRank, sections: [{ id: 'g1', label: 'G1' }, { id: 'g2', label: 'G2' }] })
    assert.deepEqual(map.sections.map((s) => s.rows.map((r) => r.label)), [['Y', 'X'], ['Z']])
    assert.deepEqual(map.sections.map((s) => s.rows.map((r) => r.nameInReport ?? null)), [[null, 'X as printed'], [null]])
    assert.deepEqual(map.sections[0]!.rows[1]!.cells.a, { primary: ['x'], secondary: [], bestTier: 'strong' })
    assert.deepEqual(map.sections[0]!.rows[1]!.cells.b, { primary: [], secondary: [], bestTier: null })
  })
  it('distinguishes secondary goals when asked', () => {
    const map = buildGapMap(data, { columns: cols, rowMode: 'interventions', secondary: true, tierRank })
    const x = map.sections[0]!.rows.find((r) => r.id === 'x')!
    assert.deepEqual(x.cells.b, { primary: [], secondary: ['x'], bestTier: 'strong' })
    assert.deepEqual(map.totals.b, { primary: 1, secondary: 1 })
  })
  it('groups rows and counts, an intervention in every group it belongs to; none goes to "unknown"', () => {
    const map = buildGapMap(data, { columns: cols, rowMode: 'prevention', secondary: false, tierRank, groups: [{ id: 'universal', label: 'U' }, { id: 'targeted', label: 'T' }] })
    const rows = map.sections[0]!.rows
    assert.deepEqual(rows.map((r) => [r.id, r.size, r.cells.a!.primary.length, r.cells.a!.bestTier]), [['universal', 2, 2, 'strong'], ['targeted', 1, 1, 'preliminary'], ['unknown', 1, 0, null]])
  })
  it('gives an empty map for an empty catalogue', () => {
    const map = buildGapMap([], { columns: cols, rowMode: 'interventions', secondary: false, tierRank })
    assert.deepEqual(map.sections, [])
    assert.deepEqual(map.totals.a, { primary: 0, secondary: 0 })
  })
})

describe('gapFindings', () => {
  const find = (ivs: MapIntervention[], rule: string) => gapFindings(ivs, cols, { tierRank }).filter((f) => f.rule === rule)
  it('finds needs no intervention targets as a primary goal (secondary goals do not count)', () => {
    const f = find([iv('x', { needs: [P('a'), S('c')] })], 'no-intervention')
    assert.deepEqual(f.map((x) => 'need' in x && x.need), ['b', 'c'])
  })
  it('finds needs with no intervention graded in a Nordic portal', () => {
    const f = find([iv('x', { needs: [P('a')], gradingGroups: ['uk-usa'] }), iv('y', { needs: [P('a'), P('b')], gradingGroups: ['uk-usa'] }), iv('z', { needs: [P('b')], gradingGroups: ['nordic'] })], 'no-nordic-grading')
    assert.deepEqual(f, [{ rule: 'no-nordic-grading', need: 'a', interventions: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] }])
  })
  it('finds needs served by exactly one intervention', () => {
    const f = find([iv('x', { needs: [P('a'), P('b')] }), iv('y', { needs: [P('a')] })], 'single-intervention')
    assert.deepEqual(f, [{ rule: 'single-intervention', need: 'b', intervention: { id: 'x', label: 'X' } }])
  })
  it('finds needs with nothing at tier moderate or better, naming the best there is', () => {
    const f = find([iv('x', { needs: [P('a')], bestTier: 'preliminary' }), iv('y', { needs: [P('a')], bestTier: 'unknown' }), iv('z', { needs: [P('b')], bestTier: 'moderate' })], 'nothing-moderate-or-better')
    assert.deepEqual(f.map((x) => x.rule === 'nothing-moderate-or-better' && [x.need, x.bestTier]), [['a', 'preliminary']])
  })
  it('counts prevention levels, unknown included, beside the totals a publication states', () => {
    const [f] = gapFindings([iv('x', { prevention: ['universal', 'targeted'] }), iv('y')], cols, { tierRank, statedTotals: { universal: 8 } }).filter((x) => x.rule === 'prevention-levels')
    assert.deepEqual(f, { rule: 'prevention-levels', total: 2, counts: { universal: 1, targeted: 1, therapeutic: 0, unknown: 1 }, stated: { universal: 8 } })
  })
  it('on an empty catalogue finds every need without intervention and zero counts', () => {
    const f = gapFindings([], cols, { tierRank })
    assert.deepEqual(f.map((x) => x.rule), ['no-intervention', 'no-intervention', 'no-intervention', 'prevention-levels'])
  })
  it('changes when an intervention is added: the rules are not strings', () => {
    const before = find([], 'no-intervention').length
    const after = find([iv('n', { needs: [P('c')] })], 'no-intervention').length
    assert.equal(after, before - 1)
  })
})

describe('Markdown export escaping', () => {
  it('writes stored text literally: no emphasis, links, HTML, code or table breaks', async () => {
    const { mdText } = await import('../../src/web/gap-map/exports.ts')
    const hostile = '*bold* _it_ [link](javascript:alert(1)) <img src=x onerror=alert(1)> `code` a|b &amp; ![x](y)\n# heading'
    const out = mdText(hostile)
    assert.equal(out, '\\*bold\\* \\_it\\_ \\[link\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\`code\\` a\\|b \\&amp; \\!\\[x\\](y) \\# heading')
    assert.equal(mdText('- starts a list'), '\\- starts a list')
    assert.equal(mdText('1. starts a list'), '1\\. starts a list')
    assert.equal(mdText('Parenting Together Project (PTP)'), 'Parenting Together Project (PTP)')
  })
})
