import type { FastifyRequest } from 'fastify'
import type { Db } from '../../store/database.ts'
import type { FacetKey } from '../../store/facets.ts'
import { catalogueStats } from '../../store/meta.ts'
import { currentRevision } from '../../store/revision.ts'
import { loadNeedKinds, loadTiers, loadVocabulary, type TierTerm, type Vocabulary } from '../../store/vocabulary.ts'
import type { MessageKey } from '../i18n/en.ts'
import { translator, type Translator, type UiLanguage } from '../i18n/index.ts'

/**
 * What every loader needs of the catalogue besides its own query, in the reader's language: the
 * revision, the facet vocabularies and tiers with their labels, the headline numbers. Loaded once
 * per request, and built once per catalogue revision and language (the revision is held in memory,
 * so a warm request reads none of this from the database).
 */
export interface CatalogueContext {
  readonly db: Db
  readonly revision: number
  readonly lang: UiLanguage
  readonly tr: Translator
  /** Facet values with labels in the reader's language (need names from the data, the rest from the UI catalogue). */
  readonly vocabulary: Vocabulary
  /** Tiers strongest first, labelled in the reader's language. */
  readonly tiers: readonly TierTerm[]
  readonly needKinds: ReadonlyMap<string, string>
  readonly stats: Awaited<ReturnType<typeof catalogueStats>>
  needLabel(id: string): string
}

/** Facets whose value labels are UI words (translated), not data. */
const MESSAGE_FACETS: Partial<Record<FacetKey, string>> = { prevention: 'prevention', grading: 'grading', format: 'format', age: 'age', tier: 'tier' }

type Shared = Omit<CatalogueContext, 'db'>
const built = new WeakMap<object, Map<string, Promise<Shared>>>()

async function build(db: Db, revision: number, lang: UiLanguage): Promise<Shared> {
  const tr = translator(lang)
  const [raw, tiers, needKinds, stats] = await Promise.all([loadVocabulary(db, lang), loadTiers(db), loadNeedKinds(db), catalogueStats(db)])
  const vocabulary = Object.fromEntries(
    Object.entries(raw).map(([key, terms]) => {
      const prefix = MESSAGE_FACETS[key as FacetKey]
      return [key, prefix ? terms.map((t) => ({ id: t.id, label: tr.t(`${prefix}.${t.id}` as MessageKey) })) : terms]
    }),
  ) as Vocabulary
  const needNames = new Map(vocabulary.need.map((n) => [n.id, n.label]))
  return {
    revision,
    lang,
    tr,
    vocabulary,
    tiers: tiers.map((t) => ({ ...t, label: tr.t(`tier.${t.id}` as MessageKey) })),
    needKinds,
    stats,
    needLabel: (id) => needNames.get(id) ?? id,
  }
}

/** The catalogue as of this revision, in one language: built once, shared by every request that asks. */
async function shared(db: Db, lang: UiLanguage): Promise<Shared> {
  const revision = await currentRevision(db)
  let cache = built.get(db)
  if (!cache) built.set(db, (cache = new Map()))
  const key = `${revision}:${lang}`
  let value = cache.get(key)
  if (!value) {
    // Older revisions are never asked again: keep only the current one's five languages.
    for (const k of cache.keys()) if (!k.startsWith(`${revision}:`)) cache.delete(k)
    value = build(db, revision, lang)
    cache.set(key, value)
    value.catch(() => cache.delete(key))
  }
  return value
}

const perRequest = new WeakMap<FastifyRequest, Map<UiLanguage, Promise<CatalogueContext>>>()

/** The request's catalogue context in a language: the same object however many loaders ask for it. */
export function catalogueContext(req: FastifyRequest, db: Db, lang: UiLanguage): Promise<CatalogueContext> {
  let mine = perRequest.get(req)
  if (!mine) perRequest.set(req, (mine = new Map()))
  let ctx = mine.get(lang)
  if (!ctx) {
    ctx = shared(db, lang).then((s) => ({ ...s, db }))
    mine.set(lang, ctx)
  }
  return ctx
}
