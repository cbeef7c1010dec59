import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ageBands } from '../../src/domain/age.ts'

describe('ageBands', () => {
  const a = (prenatal: boolean, fromMonths: number | null, toMonths: number | null) => ageBands({ prenatal, fromMonths, toMonths })
  it('places a newborn programme in the first stage only', () => assert.deepEqual(a(false, 0, 3), ['0-3m']))
  it('spans every stage a range overlaps', () => assert.deepEqual(a(false, 12, 36), ['12-24m', 'over-24m']))
  it('includes pregnancy for antenatal programmes', () => assert.deepEqual(a(true, 0, 5), ['pregnancy', '0-3m', '3-12m']))
  it('keeps an antenatal-only programme in pregnancy', () => assert.deepEqual(a(true, null, null), ['pregnancy']))
  it('reads an open upper bound as running on', () => assert.deepEqual(a(false, 0, null), ['0-3m', '3-12m', '12-24m', 'over-24m']))
  it('says unknown when nothing is known', () => {
    assert.deepEqual(ageBands(null), ['unknown-age'])
    assert.deepEqual(a(false, null, null), ['unknown-age'])
  })
  it('puts ages 2–7 after the first 1000 days', () => assert.deepEqual(a(false, 24, 84), ['over-24m']))
})
