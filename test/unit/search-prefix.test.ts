import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { prefixQuery } from '../../src/domain/search-prefix.ts'

describe('prefixQuery', () => {
  it('gives inflected Finnish forms a common prefix', () => {
    const a = prefixQuery('vuorovaikutus')!.replace(':*', '')
    const b = prefixQuery('vuorovaikutuksen')!.replace(':*', '')
    for (const form of ['vuorovaikutus', 'vuorovaikutuksen', 'vuorovaikutusta']) {
      assert.ok(form.startsWith(a), `${form} starts with ${a}`)
      assert.ok(form.startsWith(b), `${form} starts with ${b}`)
    }
  })
  it('folds accents as the index does, and ANDs words', () => {
    assert.equal(prefixQuery('Föräldraskap samspel'), 'foraldras:* & samspe:*')
  })
  it('keeps short words whole and drops very short ones and punctuation', () => {
    assert.equal(prefixQuery('vauva'), 'vauva:*')
    assert.equal(prefixQuery("a & b | c:* 'x'"), null)
  })
})
