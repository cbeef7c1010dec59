import { z } from 'zod'
import { COUNTRIES, PREFERRED_FORMATS, STAGES, type FinderGrade, type NotFitReason, type Reason } from '../../domain/finder.ts'
import { CATALOGUES } from '../i18n/index.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import { listParam } from '../kit/schemas.ts'
import { ageText } from '../kit/components/age-text.ts'

/** The finder's whole input, as URL parameters. Nothing of it is stored: it lives in the request. */
export const FinderQuery = z.object({
  needs: listParam('Need ids of the family, e.g. lack-of-social-support,bonding-attachment-early-interaction'),
  stage: z.enum(STAGES).optional().describe('The child\'s stage'),
  country: z.enum(COUNTRIES).optional().describe('The family\'s country'),
  format: z.enum(PREFERRED_FORMATS).default('any').describe('Preferred format'),
  all: z.enum(['1']).optional().describe('The page shows the first ten results unless this is 1; the API always returns all'),
  lang: z.string().max(10).optional(),
})
export type FinderQuery = z.infer<typeof FinderQuery>

const pageParam = (what: string) => z.coerce.number().int().min(1).max(100_000).optional().describe(what)
/** The page's own parameters: where the reader is in each list (the API returns every list whole). */
export const FinderPageQuery = FinderQuery.extend({
  page: pageParam('Page of results: ten a page, or a hundred with all=1'),
  notFitPage: pageParam('Page of "not a fit", a hundred a page'),
  excludedPage: pageParam('Page of "not recommended", a hundred a page'),
})
export type FinderPageQuery = z.infer<typeof FinderPageQuery>

const hasMessage = (key: string): key is MessageKey => key in CATALOGUES.en

/** A grade as the finder quotes it: portal, verbatim grade, date, tier. */
export function gradeText(g: FinderGrade, tr: Translator): string {
  const text = tr.t('reason.grade', {
    clearinghouse: g.clearinghouseName,
    grade: g.nativeLevel,
    date: g.reviewDate ? tr.date(g.reviewDate) : tr.t('reason.undated'),
    tier: tr.t(`tier.${g.tier}` as MessageKey),
  })
  // The version a portal graded, inside the sentence: "…, tier “Preliminary” (for Incredible Years – Toddler)."
  return g.appliesTo ? `${text.replace(/\.$/, '')}${tr.t('reason.gradeFor', { what: g.appliesTo })}.` : text
}

/** A reason as a plain sentence in the reader's language. */
export function reasonText(r: Reason, tr: Translator, needLabel: (id: string) => string): string {
  const quoted = (xs: string[]) => tr.list(xs.map((x) => tr.t('quote', { text: x })))
  const formats = (xs: string[]) => tr.list(xs.map((f) => tr.t(`format.${f}` as MessageKey).toLowerCase()))
  switch (r.kind) {
    case 'targets-primary':
    case 'targets-secondary':
    case 'does-not-target':
      return tr.t(`reason.${r.kind}`, { needs: quoted(r.needs.map(needLabel)) })
    case 'grade':
      return gradeText(r.grade, tr)
    case 'age-fit':
      return tr.t('reason.age-fit', { age: ageText(tr, r.age, false) ?? '' })
    case 'format-fit':
    case 'format-mismatch':
      return tr.t(`reason.${r.kind}`, { formats: formats(r.formats) })
    case 'in-country': {
      // Some portals list only methods available in their country: that sentence is the portal's own (i18n).
      const own = `reason.in-country.${r.grade.clearinghouse}`
      if (hasMessage(own)) return tr.t(own)
      const country = `finder.country.${r.grade.country}`
      return tr.t('reason.in-country', { clearinghouse: r.grade.clearinghouseName, country: hasMessage(country) ? tr.t(country) : r.grade.country })
    }
    default:
      return tr.t(`reason.${r.kind}`)
  }
}

/** Why a programme is not a fit, as a short clause in the reader's language. */
export function notFitText(r: NotFitReason, tr: Translator): string {
  return r.kind === 'stage-mismatch' ? tr.t('notFit.stage-mismatch', { age: ageText(tr, r.age, false) ?? '' }) : tr.t('notFit.no-chosen-need')
}

/** The first sentence of a description: what the programme is, in a line. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])\s+(?=[A-ZÅÄÖÆØ“"(])/su.exec(text)
  return (m ? m[1]! : text).trim()
}
