import { rankInterventions, type FinderAnswer, type FinderWindow, type Page } from '../../domain/finder.ts'
import { allEvidence } from '../../store/evidence.ts'
import { finderCatalogue, programmeWords, type ProgrammeWords } from '../../store/finder.ts'
import type { MessageKey } from '../i18n/en.ts'
import type { Translator } from '../i18n/index.ts'
import type { CatalogueContext } from '../kit/catalogue.ts'
import { requireKnown } from '../kit/errors.ts'
import { firstSentence, notFitText, reasonText, type FinderPageQuery } from './query.ts'

export type Statement = Awaited<ReturnType<typeof allEvidence>>['statements'][number]

export interface FinderView {
  query: FinderPageQuery
  answer: FinderAnswer
  /** What each result shown is, in words (read for those only). */
  words: ReadonlyMap<string, ProgrammeWords>
  /** Evidence statements about each selected need (shown after the results). */
  evidence: Statement[]
  needLabel: (id: string) => string
}

/** The one finder loader: the page, its JSON twin, the summary and the API render what it returns. */
export async function loadFinder(cat: CatalogueContext, query: FinderPageQuery, window?: (answer: FinderAnswer) => FinderWindow): Promise<FinderView> {
  const { needLabel } = cat
  const needs = [...new Set(query.needs ?? [])]
  requireKnown('needs', needs, cat.vocabulary.need.map((n) => n.id), 'need ids')
  if (needs.length === 0) return { query: { ...query, needs }, answer: { results: [], notFit: [], notRecommended: [], gaps: [] }, words: new Map(), evidence: [], needLabel }
  // Both held per revision: a finder request reads nothing from the database.
  const [interventions, evidence] = await Promise.all([finderCatalogue(cat.db), allEvidence(cat.db)])
  const answer = rankInterventions(interventions, { needs, stage: query.stage, country: query.country, format: query.format }, new Map(cat.tiers.map((t) => [t.id, t.rank])))
  const chosen = new Set(needs)
  // The results the caller shows: a window's page of them, or (the API) all.
  const shown = window ? window(answer).results.items : answer.results
  const words = await programmeWords(cat.db, shown.map((r) => r.id))
  return { query: { ...query, needs }, answer, words, evidence: evidence.statements.filter((s) => s.needs.some((n) => chosen.has(n))), needLabel }
}

/**
 * The finder's answer as JSON, in the page's order: the page's twin and the API share it. With a
 * window (the page and its twin) each list is the page's part of it, and `paging` says where it
 * stands; the texts are made only for what is shown (at 5,000 programmes, making them for every
 * programme took longer than all the rest of a request).
 */
export function finderJson(view: FinderView, tr: Translator, window?: FinderWindow) {
  const { answer } = view
  const results = window ? window.results.items : answer.results
  const notFit = window ? window.notFit.items : answer.notFit
  const notRecommended = window ? window.notRecommended.items : answer.notRecommended
  return {
    query: view.query,
    results: results.map((r) => {
      const words = view.words.get(r.id) ?? { description: {}, targetPopulation: null, dosage: null }
      const what = tr.pick(words.description)
      return { ...r, facts: { ...words, ...r.facts }, what: { text: firstSentence(what.text), lang: what.lang }, reasons: r.reasons.map((reason) => ({ ...reason, text: reasonText(reason, tr, view.needLabel) })) }
    }),
    notFit: notFit.map((n) => ({ ...n, reasons: n.reasons.map((reason) => ({ ...reason, text: notFitText(reason, tr) })) })),
    notRecommended: notRecommended.map((e) => ({
      ...e,
      reason: { ...e.reason, text: e.reason.grade ? tr.t(`reason.${e.reason.kind}`, { clearinghouse: e.reason.grade.clearinghouseName, grade: e.reason.grade.nativeLevel }) : gradeTextOrTier(e.tier, tr) },
    })),
    gaps: answer.gaps.map((need) => ({ need, label: view.needLabel(need), text: tr.t('finder.gap', { need: view.needLabel(need) }), evidence: view.evidence.filter((s) => s.needs.includes(need)).map((s) => s.id) })),
    evidence: view.evidence,
    ...(window ? { paging: { results: pagingOf(window.results), notFit: pagingOf(window.notFit), notRecommended: pagingOf(window.notRecommended) } } : {}),
  }
}
const pagingOf = ({ page, pageSize, pages, total, start }: Page<unknown>) => ({ page, pageSize, pages, total, start })
export type FinderJson = ReturnType<typeof finderJson>

const gradeTextOrTier = (tier: string, tr: Translator) => tr.t(`tier.${tier}` as MessageKey)

