import type { Language } from '../../domain/source.ts'
import { en, type MessageKey, type Messages } from './en.ts'
import { da } from './da.ts'
import { fi } from './fi.ts'
import { nb } from './nb.ts'
import { sv } from './sv.ts'

/** UI languages with a complete catalogue (Norwegian is bokmål). */
export const UI_LANGUAGES = ['en', 'fi', 'sv', 'nb', 'da'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]
export const CATALOGUES: Record<UiLanguage, Messages> = { en, fi, sv, nb, da }
export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', fi: 'Suomi', sv: 'Svenska', nb: 'Norsk (bokmål)', da: 'Dansk' }
/** Intl locale for dates and numbers. */
const LOCALE: Record<UiLanguage, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE', nb: 'nb-NO', da: 'da-DK' }
/**
 * Language tags (primary subtag, lower case) served by a UI language of another code:
 * Norwegian (`no`) and nynorsk (`nn`) readers get bokmål, the closest catalogue we have.
 */
const ALIASES: Readonly<Record<string, UiLanguage>> = { no: 'nb', nn: 'nb' }

export function isUiLanguage(x: unknown): x is UiLanguage {
  return typeof x === 'string' && (UI_LANGUAGES as readonly string[]).includes(x)
}

/**
 * The UI language a language tag asks for, or undefined: `nb`, `no`, `nn`, `nb-NO`, `da-DK`, `FI`…
 * (case-insensitive, region and script ignored). For `?lang=` as well as Accept-Language.
 */
export function uiLanguageFromTag(x: unknown): UiLanguage | undefined {
  if (typeof x !== 'string' || x.length > 35) return undefined
  const base = x.trim().toLowerCase().split(/[-_]/)[0] ?? ''
  if (isUiLanguage(base)) return base
  return Object.hasOwn(ALIASES, base) ? ALIASES[base] : undefined
}

/** The best UI language for an Accept-Language header (q-values honoured), English by default. */
export function negotiate(acceptLanguage: string | undefined): UiLanguage {
  if (!acceptLanguage) return 'en'
  const ranked = acceptLanguage
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1')
      return { tag, q: Number.isFinite(q) ? q : 0, i }
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const r of ranked) {
    const lang = uiLanguageFromTag(r.tag)
    if (lang) return lang
  }
  return 'en'
}

export interface Translator {
  lang: UiLanguage
  t(key: MessageKey, vars?: Record<string, string | number>): string
  /** A plural message: `${key}.one` / `${key}.other`, with {count} formatted. */
  tp(key: string, count: number, vars?: Record<string, string | number>): string
  number(n: number): string
  /** A list joined the way the language joins it ("a, b and c"). */
  list(items: string[]): string
  /** A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD. */
  date(iso: string): string
  /** Content languages: the data's text in this language where it has it, else English. */
  pick(text: Record<string, string> | null | undefined): { text: string; lang: Language }
}

const translators = new Map<UiLanguage, Translator>()

/** One translator per language, made once: it holds no state, and its Intl formatters are costly to make. */
export function translator(lang: UiLanguage): Translator {
  let tr = translators.get(lang)
  if (!tr) translators.set(lang, (tr = makeTranslator(lang)))
  return tr
}

function makeTranslator(lang: UiLanguage): Translator {
  const messages = CATALOGUES[lang]
  const plural = new Intl.PluralRules(LOCALE[lang])
  const num = new Intl.NumberFormat(LOCALE[lang])
  // Made once, not per call: a new Intl formatter costs tens of microseconds, and a finder page
  // formats a date and a list for every result (a third of its time under load).
  const conjunction = new Intl.ListFormat(LOCALE[lang], { type: 'conjunction' })
  const dateFormats = {
    day: new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
    month: new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', month: 'long', timeZone: 'UTC' }),
    year: new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', timeZone: 'UTC' }),
  }
  const fill = (s: string, vars?: Record<string, string | number>) =>
    vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(typeof vars[k] === 'number' ? num.format(vars[k] as number) : vars[k]) : m)) : s
  return {
    lang,
    t: (key, vars) => fill(messages[key], vars),
    tp(key, count, vars) {
      const form = plural.select(count) === 'one' ? 'one' : 'other'
      return fill(messages[`${key}.${form}` as MessageKey] ?? messages[`${key}.other` as MessageKey], { count, ...vars })
    },
    number: (n) => num.format(n),
    list: (items) => conjunction.format(items),
    date(iso) {
      const [y, m, d] = iso.split('-').map(Number)
      if (!y) return iso
      const date = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1))
      return (d ? dateFormats.day : m ? dateFormats.month : dateFormats.year).format(date)
    },
    pick(text) {
      if (!text) return { text: '', lang: 'en' }
      const own = text[lang]
      return own ? { text: own, lang } : { text: text.en ?? '', lang: 'en' }
    },
  }
}
