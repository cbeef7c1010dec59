import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalJson, diffDocuments, getPath, sameJson, setPath } from '../../src/domain/document-diff.ts'
import { applyFormValues, FORM_FIELDS, LIMITS, tierFields } from '../../src/domain/record-kinds.ts'
import { can, PERMISSIONS, ROLES } from '../../src/domain/roles.ts'

describe('roles', () => {
  it('give each permission to exactly its roles, and nothing to nobody', () => {
    assert.deepEqual(ROLES.filter((r) => can(r, 'edit')), ['editor'])
    assert.deepEqual(ROLES.filter((r) => can(r, 'review')), ['reviewer'])
    assert.deepEqual(ROLES.filter((r) => can(r, 'users')), ['admin'])
    assert.deepEqual(ROLES.filter((r) => can(r, 'view')), ['admin', 'editor', 'reviewer'])
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) assert.equal(can(undefined, p), false)
    // No role both proposes and publishes: a change always passes a second person.
    assert.equal(ROLES.some((r) => can(r, 'edit') && can(r, 'review')), false)
  })
})

describe('document diff', () => {
  it('lists changed, added and removed leaves by dotted path', () => {
    const a = { name: 'A', description: { en: 'x', fi: 'y' }, formats: ['group'], assessments: [{ source: { url: 'u1' } }] }
    const b = { name: 'B', description: { en: 'x' }, formats: ['group', 'couple'], assessments: [{ source: { url: 'u2' } }], dosage: null }
    assert.deepEqual(diffDocuments(a, b), [
      { path: 'name', before: 'A', after: 'B' },
      { path: 'formats.1', before: undefined, after: 'couple' },
      { path: 'assessments.0.source.url', before: 'u1', after: 'u2' },
      { path: 'dosage', before: undefined, after: null },
      { path: 'description.fi', before: 'y', after: undefined },
    ])
    assert.deepEqual(diffDocuments(a, structuredClone(a)), [])
    assert.deepEqual(diffDocuments(null, { a: 1 }), [{ path: 'a', before: undefined, after: 1 }])
  })
  it('compares documents whatever their key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}')
    assert.ok(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }))
    assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }))
  })
  it('sets and removes a path without touching the original', () => {
    const doc = { description: { en: 'x' } }
    const out = setPath(doc, 'description.fi', 'y')
    assert.deepEqual(out, { description: { en: 'x', fi: 'y' } })
    assert.deepEqual(doc, { description: { en: 'x' } })
    assert.deepEqual(setPath(out, 'description.fi', undefined), { description: { en: 'x' } })
    assert.equal(getPath({ a: [{ b: 2 }] }, 'a.0.b'), 2)
    assert.equal(getPath({ a: 1 }, 'a.b.c'), undefined)
  })
})

describe('form values', () => {
  const iv = { name: 'Old', acronyms: ['O'], description: { en: 'Old text', fi: 'Vanha' }, targetPopulation: 'Parents', formats: ['group'], dosage: '10 sessions', origin: null }
  it('change only the fields submitted, with empty meaning unknown or absent as the field says', () => {
    const { doc, errors } = applyFormValues(iv, FORM_FIELDS.intervention, {
      name: '  New name ', acronyms: 'NN, N2 ,', 'description.fi': '', 'description.sv': 'Ny\r\ntext', dosage: '', 'formats.present': '1', formats: ['couple', 'group'],
    })
    assert.deepEqual(errors, [])
    assert.deepEqual(doc, { name: 'New name', acronyms: ['NN', 'N2'], description: { en: 'Old text', sv: 'Ny\ntext' }, targetPopulation: 'Parents', formats: ['group', 'couple'], dosage: null, origin: null })
  })
  it('read an untouched checkbox group as "none" only when the form carried it', () => {
    assert.deepEqual((applyFormValues(iv, FORM_FIELDS.intervention, { 'formats.present': '1' }).doc as typeof iv).formats, [])
    assert.deepEqual((applyFormValues(iv, FORM_FIELDS.intervention, {}).doc as typeof iv).formats, ['group'])
  })
  it('refuse values outside a field’s options or longer than its limit, naming the field', () => {
    const { errors } = applyFormValues(iv, FORM_FIELDS.intervention, { name: 'x'.repeat(LIMITS.text + 1), 'formats.present': '1', formats: ['teleport'] })
    assert.deepEqual(errors.map((e) => e.path).sort(), ['formats', 'name'])
    const ch = { scales: [{ name: 'Scale', levels: [{ nativeName: 'Good', tier: 'strong' }] }] }
    const fields = tierFields(ch, ['strong', 'moderate'])
    assert.deepEqual(fields.map((f) => f.path), ['scales.0.levels.0.tier'])
    assert.equal(applyFormValues(ch, fields, { 'scales.0.levels.0.tier': 'legendary' }).errors[0]!.path, 'scales.0.levels.0.tier')
    assert.equal((applyFormValues(ch, fields, { 'scales.0.levels.0.tier': 'moderate' }).doc as typeof ch).scales[0]!.levels[0]!.tier, 'moderate')
  })
})
