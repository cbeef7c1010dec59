import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { csvCell, toCsv } from '../../src/domain/csv.ts'

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x']) assert.ok(csvCell(bad).replace(/^"/, '').startsWith("'"), bad)
  })
  it('quotes separators, quotes and line breaks', () => {
    assert.equal(csvCell('a,b'), '"a,b"')
    assert.equal(csvCell('say "hi"'), '"say ""hi"""')
    assert.equal(csvCell('two\nlines'), '"two\nlines"')
  })
  it('joins lists and leaves empty values empty', () => {
    assert.equal(csvCell(['a', 'b']), '"a; b"')
    assert.equal(csvCell(null), '')
  })
  it('starts with a UTF-8 byte-order mark so Excel reads Nordic letters', () => {
    const text = toCsv(['name'], [['Småbarnsliv'], ['Ihmeelliset vuodet']])
    assert.ok(text.startsWith('\uFEFFname\r\n'))
    assert.ok(text.includes('Småbarnsliv\r\n'))
  })
})
