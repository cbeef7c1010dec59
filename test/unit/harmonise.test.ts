import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Clearinghouse } from '../../src/domain/clearinghouse.ts'
import { bestTier, currentAssessments, tierOfAssessment, type TieredAssessment } from '../../src/domain/harmonise.ts'
import type { Tier } from '../../src/domain/tier.ts'

const tiers: Tier[] = ['strong', 'moderate', 'preliminary', 'theory-based', 'insufficient', 'no-effect', 'harmful', 'not-rated', 'unknown'].map((id, i) => ({
  id, rank: i + 1, label: id, description: id, recommendable: !['no-effect', 'harmful'].includes(id), graded: !['not-rated', 'unknown'].includes(id),
}))
const src = { url: 'https://example.org', retrievedAt: '2026-11-26', secondHand: false }

function grade(seq: number, over: Partial<TieredAssessment>): TieredAssessment {
  return { clearinghouse: 'p', scale: 's', level: '1', nativeLevel: 'x', scope: 'programme', appliesTo: null, topic: null, reviewDate: null, edition: null, note: null, quote: 'x', source: src, tier: 'moderate', seq, ...over }
}

describe('tierOfAssessment', () => {
  const ch = new Map<string, Clearinghouse>([['p', {
    id: 'p', name: 'P', shortName: 'P', country: 'X', region: 'nordic', kind: 'portal', url: null, status: 'active', description: { en: 'p' }, notes: [], source: src,
    scales: [{ id: 's', name: { en: 'S' }, inUseFrom: null, inUseUntil: null, source: src, levels: [{ id: '5', nativeName: 'Sterk', tier: 'strong', rationale: 'top of the scale' }] }],
  }]])
  it('maps a level to its tier through the scale', () => {
    assert.equal(tierOfAssessment({ clearinghouse: 'p', scale: 's', level: '5' }, ch), 'strong')
  })
  it('gives "unknown" when the retrieved wording pins no level', () => {
    assert.equal(tierOfAssessment({ clearinghouse: 'p', scale: 's', level: null }, ch), 'unknown')
  })
  it('refuses a level the scale does not have', () => {
    assert.throws(() => tierOfAssessment({ clearinghouse: 'p', scale: 's', level: '9' }, ch), /no level "9"/)
  })
})

describe('currentAssessments', () => {
  it('keeps the latest grade per portal, version and topic', () => {
    const old = grade(1, { tier: 'preliminary' })
    const newer = grade(2, { tier: 'moderate' })
    const otherTopic = grade(3, { topic: 'Father Involvement' })
    const otherVersion = grade(4, { scope: 'variant', appliesTo: 'Toddler' })
    assert.deepEqual(currentAssessments([newer, old, otherTopic, otherVersion]).map((a) => a.seq), [2, 3, 4])
  })
})

describe('bestTier', () => {
  it('takes the strongest current grade and quotes every grade at that tier', () => {
    const best = bestTier([grade(1, { clearinghouse: 'a', tier: 'preliminary' }), grade(2, { clearinghouse: 'b', tier: 'moderate' }), grade(3, { clearinghouse: 'c', tier: 'moderate' })], tiers)
    assert.equal(best.tier, 'moderate')
    assert.deepEqual(best.basis.map((a) => a.clearinghouse), ['b', 'c'])
  })
  it('ignores a superseded grade even when it was higher', () => {
    const best = bestTier([grade(1, { tier: 'strong' }), grade(2, { tier: 'insufficient' })], tiers)
    assert.equal(best.tier, 'insufficient')
  })
  it('counts close variants but never related or unconfirmed programmes', () => {
    const best = bestTier([
      grade(1, { clearinghouse: 'a', scope: 'related', appliesTo: 'older children', tier: 'strong' }),
      grade(2, { clearinghouse: 'b', scope: 'unconfirmed', appliesTo: 'maybe', tier: 'strong' }),
      grade(3, { clearinghouse: 'c', scope: 'variant', appliesTo: 'toddler', tier: 'preliminary' }),
    ], tiers)
    assert.equal(best.tier, 'preliminary')
    assert.equal(best.basis[0]?.appliesTo, 'toddler')
  })
  it('is "unknown" with no counted grade', () => {
    assert.deepEqual(bestTier([], tiers), { tier: 'unknown', rank: 9, basis: [] })
    assert.equal(bestTier([grade(1, { scope: 'related', appliesTo: 'x', tier: 'strong' })], tiers).tier, 'unknown')
  })
  it('ranks "no effect" above nothing known but below any positive grade', () => {
    assert.equal(bestTier([grade(1, { clearinghouse: 'a', tier: 'no-effect' }), grade(2, { clearinghouse: 'b', tier: 'preliminary' })], tiers).tier, 'preliminary')
    assert.equal(bestTier([grade(1, { tier: 'no-effect' })], tiers).tier, 'no-effect')
  })
})
