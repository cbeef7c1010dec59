import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseHTML } from 'linkedom'
import { CATALOGUES, UI_LANGUAGES } from '../../src/web/i18n/index.ts'
import { useApp } from '../helpers/app.ts'

// Every page template rendered in every interface language carries no untranslated interface
// string: text in another language than the page's must sit in an element marked with its `lang`.
const PAGES = [
  '/', '/interventions', '/interventions?q=bonding&grading=nordic', '/interventions/icdp', '/interventions/nurse-family-partnership',
  '/clearinghouses', '/clearinghouses/ungsinn', '/evidence', '/gap-map', '/gap-map?scope=all&rows=prevention',
  '/finder', '/finder?needs=lack-of-social-support&needs=relationship-challenges&stage=0-3m&country=finland', '/finder/summary?needs=lack-of-social-support&stage=0-3m',
  '/changes', '/about', '/no-such-page',
]

const en = CATALOGUES.en as Record<string, string>
/** English interface strings worth looking for: the fixed words between placeholders, four letters or more. */
function englishFragments(lang: string): string[] {
  const other = CATALOGUES[lang as keyof typeof CATALOGUES] as Record<string, string>
  const out = new Set<string>()
  for (const [key, value] of Object.entries(en)) {
    if (other[key] === value) continue // the same word in both languages ("Status")
    for (const part of value.split(/\{[^}]+\}/)) {
      const t = part.replace(/[\s.,:;–—()“”"'’]+$/u, '').replace(/^[\s.,:;–—()“”"'’]+/u, '').trim()
      if (t.length >= 12 && /\s/.test(t)) out.add(t)
    }
  }
  return [...out]
}

/** The page's text outside elements marked as another language (content shown in English, native grades). */
function ownLanguageText(html: string, lang: string): string {
  const { document } = parseHTML(html)
  for (const el of [...document.querySelectorAll('[lang]')]) if (el !== document.documentElement && el.getAttribute('lang') !== lang) el.remove()
  for (const el of [...document.querySelectorAll('script, style, code')]) el.remove()
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ')
}

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
