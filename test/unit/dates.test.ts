import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dateProblem, latestToday } from '../../src/domain/dates.ts'
import { mdText as mdCell } from '../../src/web/gap-map/exports.ts'
import { findNul } from '../../src/web/kit/input-rules.ts'

describe('dates a person or a file gives', () => {
  const now = new Date('2026-11-28T12:00:00Z')
  it('refuses dates that are not on the calendar', () => {
    for (const d of ['2030-13-45', '9999-99-99', '2026-02-29', '2026-04-31', '2026-00-10', '2026-1-1', '20261101', '1899-12-31', ''])
      assert.ok(dateProblem(d, { full: true, now }), d)
  })
  it('refuses dates later than today anywhere on Earth', () => {
    assert.ok(dateProblem('2099-12-31', { full: true, now }))
    assert.ok(dateProblem('2026-11-30', { full: true, now }))
    assert.equal(dateProblem('2026-11-29', { full: true, now }), null, 'already today in UTC+14')
    assert.equal(latestToday(now), '2026-11-29')
  })
  it('accepts real past dates, and a year or month where the source gives only that', () => {
    for (const d of ['2024-02-29', '2026-11-28', '1999-01-01']) assert.equal(dateProblem(d, { full: true, now }), null, d)
    for (const d of ['2021', '2021-06', '2026-11']) assert.equal(dateProblem(d, { now }), null, d)
    assert.ok(dateProblem('2027', { now }))
    assert.ok(dateProblem('2026-13', { now }))
    assert.ok(dateProblem('2021', { full: true, now }), 'a retrieval date is a whole date')
  })
})

describe('text from storage in a Markdown export', () => {
  it('escapes what Markdown or HTML would read as syntax and keeps a cell on one row', () => {
    const cell = mdCell('a|b *c* _d_ [x](javascript:alert(1)) <script>`e`</script> ~~s~~ &amp;\nnext')
    assert.ok(!/(^|[^\\])[|*_[\]<>`~]/.test(cell), cell)
    assert.ok(!cell.includes('\n'))
    assert.ok(!/(^|[^\\])&/.test(cell), 'an entity stays text')
    assert.equal(mdCell('Parenting Together Project (PTP)'), 'Parenting Together Project (PTP)')
  })
})

describe('input rules', () => {
  it('finds a NUL character anywhere in a query, path or body', () => {
    assert.equal(findNul({ q: 'ok', need: ['a', 'b'] }, 'query parameter'), undefined)
    assert.equal(findNul({ q: 'a\u0000b' }, 'query parameter'), 'query parameter "q"')
    assert.equal(findNul({ need: ['x', '\u0000'] }, 'query parameter'), 'query parameter "need" "1"')
    assert.equal(findNul({ file: Buffer.from([0]) }, 'body field'), undefined, 'file contents are the importer\'s to check')
  })
})
