import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { matchRecord, normaliseName, similarity } from '../../src/domain/matching.ts'
import type { SnapshotRecord } from '../../src/domain/snapshot.ts'
import { diffSnapshots } from '../../src/domain/snapshot-diff.ts'

const tierRank = new Map(['strong', 'moderate', 'preliminary', 'theory-based', 'insufficient', 'no-effect', 'harmful', 'not-rated', 'unknown'].map((t, i) => [t, i + 1]))
const rec = (key: string, over: Partial<SnapshotRecord> = {}): SnapshotRecord => ({ key, name: key.toUpperCase(), url: null, nativeLevel: 'L3', level: '3', tier: 'preliminary', reviewDate: '2020-01', fields: {}, line: 2, ...over })

describe('diffSnapshots', () => {
  it('finds added, delisted, regraded (up or down), re-dated and otherwise changed records', () => {
    const events = diffSnapshots(
      [rec('a'), rec('b'), rec('c'), rec('d', { fields: { topic: 'x' } }), rec('gone')],
      [rec('a'), rec('b', { nativeLevel: 'L4', level: '4', tier: 'moderate' }), rec('c', { reviewDate: '2024-05' }), rec('d', { fields: { topic: 'y' } }), rec('new')],
      tierRank,
    )
    assert.deepEqual(events.map((e) => [e.kind, e.key, e.direction]), [
      ['grade-changed', 'b', 'up'],
      ['review-date-changed', 'c', null],
      ['fields-changed', 'd', null],
      ['added', 'new', null],
      ['delisted', 'gone', null],
    ])
    assert.deepEqual(events[2]!.changedFields, ['topic'])
    assert.equal(diffSnapshots([rec('a', { tier: 'strong' })], [rec('a', { nativeLevel: 'NE', level: 'NE', tier: 'no-effect' })], tierRank)[0]!.direction, 'down')
  })
  it('treats a first snapshot as all added, and the same snapshot again as no change', () => {
    assert.deepEqual(diffSnapshots([], [rec('a'), rec('b')], tierRank).map((e) => e.kind), ['added', 'added'])
    assert.deepEqual(diffSnapshots([rec('a')], [rec('a')], tierRank), [])
  })
})

describe('matchRecord', () => {
  const targets = [
    { id: 'mom-power', names: ['Mom Power', 'MOM Power', 'Mom Power®'], urls: ['https://www.cebc4cw.org/program/mom-power/'] },
    { id: 'incredible-years', names: ['Incredible Years', 'IY'], urls: [] },
    { id: 'twin-a', names: ['Shared Name'], urls: [] },
    { id: 'twin-b', names: ['Shared Name'], urls: [] },
  ]
  it('keeps the match a record had before', () => assert.deepEqual(matchRecord({ name: 'whatever', url: null }, 'mom-power', targets), { kind: 'previous', intervention: 'mom-power' }))
  it('matches by URL, then by exact name or alias with accents and marks folded', () => {
    assert.deepEqual(matchRecord({ name: 'x', url: 'http://cebc4cw.org/program/mom-power' }, null, targets), { kind: 'url', intervention: 'mom-power' })
    assert.deepEqual(matchRecord({ name: 'MOM POWER™', url: null }, null, targets), { kind: 'name', intervention: 'mom-power' })
  })
  it('only suggests a near name, and never merges two interventions that share a name', () => {
    const near = matchRecord({ name: 'The Incredible Years Parent Programme', url: null }, null, targets)
    assert.equal(near.kind, 'suggested')
    assert.equal(near.kind === 'suggested' && near.candidates[0]!.intervention, 'incredible-years')
    const twin = matchRecord({ name: 'Shared name', url: null }, null, targets)
    assert.equal(twin.kind, 'suggested')
    assert.deepEqual(twin.kind === 'suggested' && twin.candidates.map((c) => c.intervention), ['twin-a', 'twin-b'])
    assert.deepEqual(matchRecord({ name: 'Something else entirely', url: null }, null, targets), { kind: 'none' })
  })
  it('normalises names for comparison', () => {
    assert.equal(normaliseName('Småbarnsliv – COPE®'), 'smabarnsliv cope')
    assert.equal(similarity('Marte Meo', 'Marte-Meo'), 1)
  })
})
