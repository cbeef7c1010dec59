import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UI_LANGUAGES } from '../../src/web/i18n/index.ts'
import { englishFragments, ownLanguageText } from '../helpers/page-language.ts'
import { useApp } from '../helpers/app.ts'

// Every page template rendered in every interface language carries no untranslated interface
// string: text in another language than the page's must sit in an element marked with its `lang`.
const PAGES = [
  '/', '/interventions', '/interventions?q=bonding&grading=nordic', '/interventions/icdp', '/interventions/nurse-family-partnership',
  '/clearinghouses', '/clearinghouses/ungsinn', '/evidence', '/gap-map', '/gap-map?scope=all&rows=prevention',
  '/finder', '/finder?needs=lack-of-social-support&needs=relationship-challenges&stage=0-3m&country=finland', '/finder/summary?needs=lack-of-social-support&stage=0-3m',
  '/changes', '/about', '/no-such-page',
]

describe('every page in every interface language', () => {
  const ctx = useApp('pglite')
  it('would see English interface strings: the English pages are full of them', async () => {
    const fragments = englishFragments('fi')
    let seen = 0
    for (const url of PAGES) {
      const text = ownLanguageText((await ctx.app().inject(`${url}${url.includes('?') ? '&' : '?'}lang=en`)).body, 'en')
      seen += fragments.filter((f) => text.includes(f)).length
    }
    assert.ok(seen >= 40, `only ${seen} fragments seen on the English pages`)
  })
  for (const lang of UI_LANGUAGES.filter((l) => l !== 'en')) {
    it(`has no untranslated interface string in ${lang}`, async () => {
      const fragments = englishFragments(lang)
      const found: string[] = []
      for (const url of PAGES) {
        const r = await ctx.app().inject({ url: `${url}${url.includes('?') ? '&' : '?'}lang=${lang}` })
        assert.ok(r.statusCode < 500, url)
        assert.match(r.body, new RegExp(`<html lang="${lang}"`), url)
        const text = ownLanguageText(r.body, lang)
        for (const f of fragments) if (text.includes(f)) found.push(`${url}: “${f}”`)
      }
      assert.deepEqual(found, [])
    })
  }
})
