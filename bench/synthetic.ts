// A deterministic synthetic catalogue for benchmarks: realistic shapes (needs, 1–4 assessments on
// the real clearinghouse scales, descriptions in five languages), bulk-loaded beside the shipped data.
import type { Insertable, Kysely } from 'kysely'
import { ageBands } from '../src/domain/age.ts'
import { deriveColumns } from '../src/domain/derived.ts'
import type { TieredAssessment } from '../src/domain/harmonise.ts'
import type { Database } from '../src/store/database.ts'
import { analyzeAfterBulkChange, bumpRevision } from '../src/store/revision.ts'

function rng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = {
  en: ['parent', 'infant', 'support', 'group', 'bonding', 'home', 'visit', 'interaction', 'video', 'feedback', 'peer', 'family', 'sensitive', 'early', 'couple', 'relationship', 'mothers', 'fathers', 'care', 'attachment'],
  fi: ['vanhempi', 'vauva', 'tuki', 'ryhmä', 'kiintymys', 'koti', 'käynti', 'vuorovaikutus', 'video', 'palaute', 'vertais', 'perhe', 'sensitiivinen', 'varhainen', 'pari', 'suhde'],
  sv: ['förälder', 'spädbarn', 'stöd', 'grupp', 'anknytning', 'hem', 'besök', 'samspel', 'video', 'återkoppling', 'familj', 'tidig', 'par', 'relation'],
  nb: ['forelder', 'spedbarn', 'støtte', 'gruppe', 'tilknytning', 'hjem', 'besøk', 'samspill', 'video', 'tilbakemelding', 'familie', 'tidlig'],
  da: ['forælder', 'spædbarn', 'støtte', 'gruppe', 'tilknytning', 'hjem', 'besøg', 'samspil', 'video', 'feedback', 'familie', 'tidlig'],
} as const
const NAMES = ['Bonding', 'Together', 'Steps', 'Circle', 'Roots', 'Bridges', 'Nest', 'Harbour', 'Compass', 'Lantern', 'Meadow', 'Anchor']
const KINDS = ['Programme', 'Approach', 'Group', 'Visits', 'Therapy', 'Course']

const SYLLABLES = {
  en: ['ba', 'ker', 'ton', 'ing', 'ment', 'ly', 'pre', 'con', 'ser', 'vi', 'tal', 'nes', 'ous', 'ful', 'ure'],
  fi: ['ka', 'lli', 'sen', 'tuk', 'sel', 'lä', 'vuo', 'hoi', 'ta', 'mi', 'nen', 'ssa', 'tä', 'rhe', 'kas'],
  sv: ['för', 'ning', 'barn', 'het', 'lig', 'sam', 'stö', 'ande', 'ska', 'vår', 'dig', 'ter', 'ell', 'öv', 'kap'],
  nb: ['for', 'ing', 'barn', 'het', 'lig', 'sam', 'stø', 'ende', 'ske', 'vår', 'dig', 'ter', 'ell', 'øv', 'kap'],
  da: ['for', 'ning', 'børn', 'hed', 'lig', 'sam', 'stø', 'ende', 'ske', 'vær', 'dig', 'ter', 'ell', 'øv', 'kab'],
} as const

/**
 * A realistic vocabulary per language: the few common words first, then 3,000 rarer ones, drawn by
 * Zipf's law (s = 1.1), so most words are rare and a few are common, as in real descriptions.
 */
function zipfVocabulary(lang: keyof typeof WORDS) {
  const r = rng(lang.charCodeAt(0) * 31 + lang.charCodeAt(1))
  const syl = SYLLABLES[lang]
  const words = new Set<string>(WORDS[lang])
  while (words.size < WORDS[lang].length + 3000) words.add(Array.from({ length: 2 + Math.floor(r() * 3) }, () => syl[Math.floor(r() * syl.length)]).join(''))
  const list = [...words]
  const cdf: number[] = []
  let acc = 0
  for (let k = 0; k < list.length; k++) cdf.push((acc += 1 / (k + 1) ** 1.1))
  return { list, cdf, total: acc }
}
const zipf = Object.fromEntries((Object.keys(WORDS) as (keyof typeof WORDS)[]).map((l) => [l, zipfVocabulary(l)])) as Record<keyof typeof WORDS, ReturnType<typeof zipfVocabulary>>
function zipfPick(lang: keyof typeof WORDS, u: number): string {
  const z = zipf[lang]
  const x = u * z.total
  let lo = 0
  let hi = z.cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (z.cdf[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return z.list[lo]!
}

export type VocabularyKind = 'uniform' | 'realistic'

/** Query words a practitioner might type, drawn like the descriptions' words: in five languages, most of them rare. */
export function queryWords(kind: VocabularyKind, n: number, seed = 9): string[] {
  const rand = rng(seed)
  const langs = Object.keys(WORDS) as (keyof typeof WORDS)[]
  const out = new Set<string>()
  for (let guard = 0; out.size < n && guard < n * 50; guard++) {
    const lang = langs[Math.floor(rand() * langs.length)]!
    const w = () => (kind === 'realistic' ? zipfPick(lang, rand()) : WORDS[lang][Math.floor(rand() * WORDS[lang].length)]!)
    out.add(rand() < 0.6 ? w() : `${w()} ${w()}`)
  }
  return [...out]
}

export async function addSyntheticInterventions(db: Kysely<Database>, n: number, seed = 1, vocabulary: VocabularyKind = 'uniform'): Promise<void> {
  const rand = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const [needs, levels, chs, tiers] = await Promise.all([
    db.selectFrom('need').select(['id', 'name']).execute(),
    db.selectFrom('scale_level').select(['clearinghouse_id', 'scale_id', 'id', 'native_name', 'tier_id']).execute(),
    db.selectFrom('clearinghouse').select(['id', 'region']).execute(),
    db.selectFrom('tier').selectAll().execute(),
  ])
  const region = new Map(chs.map((c) => [c.id, c.region]))
  const text = (lang: keyof typeof WORDS, k: number) => Array.from({ length: k }, () => (vocabulary === 'realistic' ? zipfPick(lang, rand()) : pick(WORDS[lang]))).join(' ')
  for (let start = 0; start < n; start += 1000) {
    const ivRows: Insertable<Database['intervention']>[] = []
    const needRows: Insertable<Database['intervention_need']>[] = []
    const assessmentRows: Insertable<Database['assessment']>[] = []
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const id = `syn-${String(i).padStart(6, '0')}`
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(needs).id))]
      const ivNeeds = chosen.map((need, k) => ({ need, role: (k === 0 ? 'primary' : 'secondary') as 'primary' | 'secondary' }))
      const from = pick([0, 0, 3, 6, 12, 24])
      const childAge = { prenatal: rand() < 0.2, fromMonths: from, toMonths: from + pick([3, 12, 24, 60]) }
      const assessments: TieredAssessment[] = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => {
        const l = pick(levels)
        return { clearinghouse: l.clearinghouse_id, scale: l.scale_id, level: l.id, nativeLevel: l.native_name, scope: 'programme', appliesTo: null, topic: null, reviewDate: `20${10 + Math.floor(rand() * 16)}`, edition: null, note: null, quote: l.native_name, source: { url: `https://example.org/${id}/${k}`, retrievedAt: '2026-11-26', secondHand: false }, tier: l.tier_id, seq: k + 1 }
      })
      const derived = deriveColumns(assessments, (c) => region.get(c), tiers)
      const name = `${pick(NAMES)} ${pick(NAMES)} ${pick(KINDS)} ${i}`
      ivRows.push({
        id, name, acronyms: [name.split(' ').map((w) => w[0]).join('')], aliases: [],
        description: JSON.stringify({ en: `A synthetic ${text('en', 14)}.`, fi: `Synteettinen ${text('fi', 10)}.`, sv: `Syntetisk ${text('sv', 10)}.`, nb: `Syntetisk ${text('nb', 10)}.`, da: `Syntetisk ${text('da', 10)}.` }),
        prevention_levels: [pick(['universal', 'targeted', 'therapeutic'])], prevention_basis: JSON.stringify({ kind: 'editorial-judgement', note: 'Synthetic benchmark data.' }),
        target_population: 'Synthetic families', child_age: JSON.stringify(childAge), formats: [pick(['group', 'individual', 'home-visit'])], dosage: null, origin: null,
        links: '[]', fact_sources: JSON.stringify([{ document: 'synthetic benchmark data', retrievedAt: '2026-11-26', secondHand: false }]), ratings_not_found: '[]', mentions: '[]',
        need_ids: ivNeeds.map((x) => x.need), primary_need_ids: [ivNeeds[0]!.need], ...derived,
        need_text: JSON.stringify({ en: ivNeeds.map((x) => needs.find((nd) => nd.id === x.need)!.name.en).join('. ') }),
        age_bands: ageBands(childAge),
      })
      for (const x of ivNeeds) needRows.push({ intervention_id: id, need_id: x.need, role: x.role, basis: 'synthetic' })
      for (const a of assessments)
        assessmentRows.push({ id: `${id}/${a.seq}`, intervention_id: id, seq: a.seq, clearinghouse_id: a.clearinghouse, scale_id: a.scale, level_id: a.level, native_level: a.nativeLevel, tier_id: a.tier, scope: 'programme', applies_to: null, topic: null, review_date: a.reviewDate, edition: null, note: null, quote: a.quote, source: JSON.stringify(a.source), source_url: a.source.url ?? null, retrieved_at: '2026-11-26' })
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('intervention').values(ivRows).execute()
      await tx.insertInto('intervention_need').values(needRows).execute()
      await tx.insertInto('assessment').values(assessmentRows).execute()
    })
  }
  await bumpRevision(db)
  await analyzeAfterBulkChange(db)
}
