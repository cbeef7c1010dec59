import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { en } from '../../src/web/i18n/en.ts'
import { CATALOGUES, LANGUAGE_NAMES, negotiate, translator, UI_LANGUAGES, uiLanguageFromTag, type UiLanguage } from '../../src/web/i18n/index.ts'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** Values that stay the same in every language: proper names and acronyms. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Perinatal Atlas', 'JSON', 'Finland', '{label} ({language})'])
/** Words spelt as in English that are that language's own word (checked, not forgotten). */
const SAME_WORD: Partial<Record<UiLanguage, readonly string[]>> = {
  sv: ['Prevention', 'Status', 'Population: {population}', 'Portal', 'Id', 'Format', 'Import', 'Version', 'Version {version}', '(revision {revision})'],
  nb: ['Status', 'Portal', 'Id', 'Format', 'Import'],
  da: ['Status', 'Links', 'Portal', 'Id', 'Format', 'Import', 'Version', 'Version {version}', '(revision {revision})'],
}

describe('message catalogues', () => {
  it('offers English, Finnish, Swedish, Norwegian (bokmål) and Danish', () => {
    assert.deepEqual([...UI_LANGUAGES], ['en', 'fi', 'sv', 'nb', 'da'])
    assert.equal(LANGUAGE_NAMES.nb, 'Norsk (bokmål)')
    assert.equal(LANGUAGE_NAMES.da, 'Dansk')
  })
  for (const lang of UI_LANGUAGES) {
    it(`${lang} has exactly the English keys, each non-empty with the same placeholders`, () => {
      const cat = CATALOGUES[lang] as Record<string, unknown>
      const missing = Object.keys(en).filter((k) => typeof cat[k] !== 'string' || !(cat[k] as string).trim())
      assert.deepEqual(missing, [], `${lang}: missing or empty keys`)
      assert.deepEqual(Object.keys(cat).filter((k) => !(k in en)), [], `${lang}: keys that English does not have`)
      for (const [k, v] of Object.entries(en)) {
        assert.deepEqual(placeholders(cat[k] as string), placeholders(v), `${lang}: ${k} placeholders`)
      }
    })
  }
  for (const lang of UI_LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang} translates every message (only names, acronyms and listed same-spelt words equal the English)`, () => {
      const cat = CATALOGUES[lang] as Record<string, string>
      const allowed = new Set([...SAME_IN_EVERY_LANGUAGE, ...(SAME_WORD[lang] ?? [])])
      const untranslated = Object.entries(en)
        .filter(([k, v]) => cat[k] === v && !allowed.has(v))
        .map(([k]) => k)
      assert.deepEqual(untranslated, [], `${lang}: values identical to English`)
    })
  }
  it('negotiates from Accept-Language with q-values, falling back to English', () => {
    assert.equal(negotiate('fi-FI,fi;q=0.9,en;q=0.8'), 'fi')
    assert.equal(negotiate('de;q=1, sv;q=0.5, en;q=0.4'), 'sv')
    assert.equal(negotiate('nb,da'), 'nb')
    assert.equal(negotiate(undefined), 'en')
    assert.equal(negotiate('garbage;;;q=x'), 'en')
    assert.equal(negotiate('is,de'), 'en')
  })
  it('serves bokmål to Norwegian (no, nn, nb and their regions) and Danish to da', () => {
    assert.equal(negotiate('no'), 'nb')
    assert.equal(negotiate('nn'), 'nb')
    assert.equal(negotiate('nb'), 'nb')
    assert.equal(negotiate('nb-NO'), 'nb')
    assert.equal(negotiate('nn-NO,nn;q=0.9'), 'nb')
    assert.equal(negotiate('NO-no'), 'nb')
    assert.equal(negotiate('da'), 'da')
    assert.equal(negotiate('da-DK,da;q=0.9,en-US;q=0.8,en;q=0.7'), 'da')
    assert.equal(negotiate('de, nn;q=0.8, sv;q=0.5'), 'nb')
    assert.equal(negotiate('en;q=0.5, da-DK;q=0.9'), 'da')
  })
  it('reads a ?lang= value, Norwegian aliases included', () => {
    assert.equal(uiLanguageFromTag('no'), 'nb')
    assert.equal(uiLanguageFromTag('nn'), 'nb')
    assert.equal(uiLanguageFromTag('nb-NO'), 'nb')
    assert.equal(uiLanguageFromTag('da-DK'), 'da')
    assert.equal(uiLanguageFromTag('SV'), 'sv')
    assert.equal(uiLanguageFromTag('is'), undefined)
    assert.equal(uiLanguageFromTag('toString'), undefined)
    assert.equal(uiLanguageFromTag('__proto__'), undefined)
    assert.equal(uiLanguageFromTag(['nb']), undefined)
    assert.equal(uiLanguageFromTag(undefined), undefined)
  })
  it('formats plurals, numbers and partial dates through Intl', () => {
    assert.equal(translator('en').tp('catalogue.results', 1), '1 intervention')
    assert.equal(translator('fi').tp('catalogue.results', 2), '2 menetelmää')
    assert.equal(translator('fi').number(1234), '1\u00a0234')
    assert.equal(translator('en').date('2020-08'), 'August 2020')
    assert.equal(translator('sv').date('2016-06-23'), '23 juni 2016')
    assert.equal(translator('fi').date('2020'), '2020')
    assert.equal(translator('da').tp('catalogue.results', 1), '1 indsats')
    assert.equal(translator('da').tp('catalogue.results', 3), '3 indsatser')
    assert.equal(translator('nb').tp('changes.count', 2), '2 endringer')
    assert.equal(translator('nb').date('2016-06-23'), '23. juni 2016')
    assert.equal(translator('da').date('2020-08'), 'august 2020')
    assert.equal(translator('da').number(1234), '1.234')
    assert.equal(translator('nb').list(['a', 'b', 'c']), 'a, b og c')
  })
})
