import type { Kysely } from 'kysely'
import { AGE_BAND_IDS } from '../domain/age.ts'
import { FORMATS, PREVENTION_LEVELS } from '../domain/intervention.ts'
import type { Language } from '../domain/source.ts'
import type { Database } from './database.ts'
import type { FacetKey } from './facets.ts'
import { perRevision } from './revision-cache.ts'

export interface Term {
  id: string
  label: string
}

/** The values each facet may take, with labels: known ids are checked against it, and facets labelled. */
export type Vocabulary = Record<FacetKey, Term[]>

const PREVENTION_LABELS: Record<string, string> = {
  universal: 'Universal prevention',
  targeted: 'Targeted at risk groups',
  therapeutic: 'Therapeutic intervention',
}
const FORMAT_LABELS: Record<string, string> = {
  group: 'Group',
  individual: 'Individual',
  'home-visit': 'Home visits',
  couple: 'Couples',
  'video-feedback': 'Video feedback',
  inpatient: 'In hospital',
  practice: 'Care practice',
}

const AGE_LABELS: Record<string, string> = {
  pregnancy: 'Pregnancy',
  '0-3m': '0–3 months',
  '3-12m': '3–12 months',
  '12-24m': '1–2 years',
  'over-24m': 'Over 2 years',
  'unknown-age': 'Age not known',
}

/** Facet values with labels; need names come from the data in the asked language where it has one. */
export async function loadVocabulary(db: Kysely<Database>, lang: Language = 'en'): Promise<Vocabulary> {
  return perRevision(db, `vocabulary:${lang}`, () => readVocabulary(db, lang))
}

async function readVocabulary(db: Kysely<Database>, lang: Language): Promise<Vocabulary> {
  const [needs, tiers, clearinghouses] = await Promise.all([
    db.selectFrom('need').select(['id', 'name']).orderBy('position').execute(),
    db.selectFrom('tier').select(['id', 'label']).orderBy('rank').execute(),
    db.selectFrom('clearinghouse').select(['id', 'short_name']).orderBy('position').execute(),
  ])
  return {
    need: needs.map((n) => ({ id: n.id, label: n.name[lang] ?? n.name.en ?? n.id })),
    prevention: PREVENTION_LEVELS.map((id) => ({ id, label: PREVENTION_LABELS[id] ?? id })),
    grading: [
      { id: 'nordic', label: 'Graded in a Nordic portal' },
      { id: 'uk-usa', label: 'Graded in a UK or US portal' },
    ],
    clearinghouse: clearinghouses.map((c) => ({ id: c.id, label: c.short_name })),
    tier: tiers.map((t) => ({ id: t.id, label: t.label })),
    format: FORMATS.map((id) => ({ id, label: FORMAT_LABELS[id] ?? id })),
    age: AGE_BAND_IDS.map((id) => ({ id, label: AGE_LABELS[id] ?? id })),
  }
}

export interface TierTerm {
  id: string
  rank: number
  label: string
}

/** The harmonised tiers, strongest first: read once per revision (many pages and exports need them). */
export async function loadTiers(db: Kysely<Database>): Promise<TierTerm[]> {
  return perRevision(db, 'tiers', () => db.selectFrom('tier').select(['id', 'rank', 'label']).orderBy('rank').execute())
}

/** Each need's kind (a need of the family, or a population), once per revision. */
export async function loadNeedKinds(db: Kysely<Database>): Promise<Map<string, string>> {
  return perRevision(db, 'need-kinds', async () => new Map((await db.selectFrom('need').select(['id', 'kind']).execute()).map((n) => [n.id, n.kind])))
}
