import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { en } from '../../src/web/i18n/en.ts'
import { CATALOGUES, negotiate, translator, UI_LANGUAGES } from '../../src/web/i18n/index.ts'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  for (const lang of UI_LANGUAGES) {
    it(`${lang} has exactly the English keys, each non-empty with the same placeholders`, () => {
      const cat = CATALOGUES[lang] as Record<string, string>
      assert.deepEqual(Object.keys(cat).sort(), Object.keys(en).sort())
      for (const [k, v] of Object.entries(en)) {
        assert.ok(cat[k]?.trim(), `${lang}: ${k} is empty`)
        assert.deepEqual(placeholders(cat[k]!), placeholders(v), `${lang}: ${k} placeholders`)
      }
    })
  }
  it('negotiates from Accept-Language with q-values, falling back to English', () => {
    assert.equal(negotiate('fi-FI,fi;q=0.9,en;q=0.8'), 'fi')
    assert.equal(negotiate('de;q=1, sv;q=0.5, en;q=0.4'), 'sv')
    assert.equal(negotiate('nb,da'), 'en')
    assert.equal(negotiate(undefined), 'en')
    assert.equal(negotiate('garbage;;;q=x'), 'en')
  })
  it('formats plurals, numbers and partial dates through Intl', () => {
    assert.equal(translator('en').tp('catalogue.results', 1), '1 intervention')
    assert.equal(translator('fi').tp('catalogue.results', 2), '2 menetelmää')
    assert.equal(translator('fi').number(1234), '1\u00a0234')
    assert.equal(translator('en').date('2020-08'), 'August 2020')
    assert.equal(translator('sv').date('2016-06-23'), '23 juni 2016')
    assert.equal(translator('fi').date('2020'), '2020')
  })
})
