import type { Kysely } from 'kysely'
import { z } from 'zod'
import { COUNTRIES, PREFERRED_FORMATS, rankInterventions, STAGES, type FinderAnswer, type Reason } from '../domain/finder.ts'
import type { Database } from '../store/database.ts'
import { listEvidence } from '../store/evidence.ts'
import { finderInterventions } from '../store/finder.ts'
import { loadVocabulary } from '../store/vocabulary.ts'
import { BadRequestError } from './errors.ts'
import type { MessageKey } from './i18n/en.ts'
import type { Translator } from './i18n/index.ts'
import { listParam } from './schemas.ts'
import { ageText } from './views/components/age-text.ts'

/** The finder's whole input, as URL parameters. Nothing of it is stored: it lives in the request. */
export const FinderQuery = z.object({
  needs: listParam('Need ids of the family, e.g. lack-of-social-support,bonding-attachment-early-interaction'),
  stage: z.enum(STAGES).optional().describe('The child\'s stage'),
  country: z.enum(COUNTRIES).optional().describe('The family\'s country'),
  format: z.enum(PREFERRED_FORMATS).default('any').describe('Preferred format'),
  lang: z.string().max(10).optional(),
})
export type FinderQuery = z.infer<typeof FinderQuery>

export type Statement = Awaited<ReturnType<typeof listEvidence>>['statements'][number]

export interface FinderView {
  query: FinderQuery
  answer: FinderAnswer
  /** Evidence statements about each selected need (for gaps and the evidence section). */
  evidence: Statement[]
  needLabel: (id: string) => string
}

export async function loadFinder(db: Kysely<Database>, query: FinderQuery, tr: Translator): Promise<FinderView> {
  const vocabulary = await loadVocabulary(db, tr.lang)
  const labels = new Map(vocabulary.need.map((n) => [n.id, n.label]))
  const needs = [...new Set(query.needs ?? [])]
  const unknown = needs.filter((n) => !labels.has(n))
  if (unknown.length) throw new BadRequestError(`Unknown value ${JSON.stringify(unknown[0]!.slice(0, 60))} for query parameter "needs"; expected need ids`)
  const [interventions, tiers, evidence] = await Promise.all([
    finderInterventions(db, needs),
    db.selectFrom('tier').select(['id', 'rank']).execute(),
    needs.length ? listEvidence(db, { need: needs }) : Promise.resolve({ statements: [] as Statement[] }),
  ])
  const answer = rankInterventions(interventions, { needs, stage: query.stage, country: query.country, format: query.format }, new Map(tiers.map((t) => [t.id, t.rank])))
  return { query: { ...query, needs }, answer, evidence: evidence.statements, needLabel: (id) => labels.get(id) ?? id }
}

/** A reason as a plain sentence in the reader's language. */
export function reasonText(r: Reason, tr: Translator, needLabel: (id: string) => string): string {
  const list = (xs: string[]) => tr.list(xs)
  const quoted = (xs: string[]) => tr.list(xs.map((x) => tr.t('quote', { text: x })))
  const formats = (xs: string[]) => tr.list(xs.map((f) => tr.t(`format.${f}` as MessageKey).toLowerCase()))
  switch (r.kind) {
    case 'targets-primary':
    case 'targets-secondary':
      return tr.t(`reason.${r.kind}`, { needs: quoted(r.needs.map(needLabel)) })
    case 'grade':
      return (
        tr.t('reason.grade', {
          clearinghouse: r.grade.clearinghouseName,
          grade: r.grade.nativeLevel,
          date: r.grade.reviewDate ? ` (${tr.date(r.grade.reviewDate)})` : '',
          tier: tr.t(`tier.${r.grade.tier}` as MessageKey),
        }) + (r.grade.appliesTo ? tr.t('reason.gradeFor', { what: r.grade.appliesTo }) : '')
      )
    case 'age-fit':
    case 'age-mismatch':
      return tr.t(`reason.${r.kind}`, { age: ageText(tr, r.age, false) ?? '' })
    case 'format-fit':
    case 'format-mismatch':
      return tr.t(`reason.${r.kind}`, { formats: formats(r.formats) })
    case 'graded-in-country':
    case 'nordic-graded':
      return tr.t(`reason.${r.kind}`, { list: list(r.clearinghouses) })
    default:
      return tr.t(`reason.${r.kind}`)
  }
}
