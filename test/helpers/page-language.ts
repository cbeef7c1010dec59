import { parseHTML } from 'linkedom'
import { CATALOGUES } from '../../src/web/i18n/index.ts'

const en = CATALOGUES.en as Record<string, string>

/**
 * English interface phrases worth looking for on a page in `lang`: the fixed words between
 * placeholders, twelve characters or more with a space, of every message that language words otherwise.
 */
export function englishFragments(lang: string): string[] {
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

/**
 * The page's text outside elements marked as another language (content shown in English, native
 * grades) and outside code and form values; with `attributes`, labels that are only attributes
 * (aria-label, data-label, title) count too.
 */
export function ownLanguageText(html: string, lang: string, o: { attributes?: boolean } = {}): string {
  const { document } = parseHTML(html)
  for (const el of [...document.querySelectorAll('[lang]')]) if (el !== document.documentElement && el.getAttribute('lang') !== lang) el.remove()
  for (const el of [...document.querySelectorAll('script, style, code, pre, textarea')]) el.remove()
  const attrs = o.attributes
    ? [...document.querySelectorAll('[aria-label], [data-label], [title]')].map((el) => `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('data-label') ?? ''} ${el.getAttribute('title') ?? ''}`)
    : []
  return `${o.attributes ? (document.title ?? '') : ''} ${document.body?.textContent ?? ''} ${attrs.join(' ')}`.replace(/\s+/g, ' ')
}
