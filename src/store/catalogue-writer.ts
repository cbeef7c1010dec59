import { sql, type Kysely, type Transaction } from 'kysely'
import { ageBands } from '../domain/age.ts'
import type { Catalogue, ReadCatalogue } from '../domain/catalogue.ts'
import type { Clearinghouse } from '../domain/clearinghouse.ts'
import { deriveColumns } from '../domain/derived.ts'
import { tierOfAssessment, type TieredAssessment } from '../domain/harmonise.ts'
import type { Intervention } from '../domain/intervention.ts'
import { LANGUAGES } from '../domain/source.ts'
import type { Database } from './database.ts'
import { analyzeAfterBulkChange, bumpRevision, changeCatalogue } from './revision.ts'

const json = (v: unknown) => JSON.stringify(v)

/** Tables the shipped catalogue fills, children first so deletes respect foreign keys. */
const CATALOGUE_TABLES = [
  'evidence_statement', 'evidence_set', 'report_inclusion', 'report_table', 'assessment', 'intervention_need',
  'intervention', 'scale_level', 'rating_scale', 'clearinghouse', 'need', 'framework_domain', 'tier',
] as const

export type LoadOutcome = { loaded: true; version: string; interventions: number } | { loaded: false; version: string; reason: string }

export async function catalogueVersion(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('catalogue_meta').select('value').where('key', '=', 'data_version').executeTakeFirst()
  return row ? (row.value as string) : null
}

/**
 * Puts the shipped catalogue into the database in one transaction: all of it or none of it.
 * An empty database is filled; one holding the same data version is left untouched; one holding
 * another version is replaced only when asked (`replace`), so nothing is overwritten by surprise.
 */
export async function loadCatalogue(db: Kysely<Database>, read: ReadCatalogue, opts: { replace?: boolean } = {}): Promise<LoadOutcome> {
  const outcome = await changeCatalogue(db, async (tx): Promise<LoadOutcome> => {
    // Serialise concurrent loaders (several app instances starting at once on PostgreSQL).
    await sql`select pg_advisory_xact_lock(4711001)`.execute(tx)
    const current = await catalogueVersion(tx)
    if (current === read.version) return { loaded: false, version: current, reason: 'the database already holds this version of the catalogue' }
    if (current !== null && !opts.replace)
      return { loaded: false, version: current, reason: `the database holds catalogue version ${current}; the files are version ${read.version} (use --replace to load them)` }
    const snapshots = await tx.selectFrom('snapshot').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    if (snapshots.n > 0)
      return { loaded: false, version: current ?? '', reason: `the database holds ${snapshots.n} monitored snapshot(s) whose history refers to the catalogue; replacing the catalogue would orphan it` }
    const edits = await tx.selectFrom('draft').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    if (edits.n > 0)
      return { loaded: false, version: current ?? '', reason: `the database holds ${edits.n} editorial draft(s) and their published versions; replacing the catalogue would lose curators' work` }
    for (const t of CATALOGUE_TABLES) await tx.deleteFrom(t).execute()
    await writeCatalogue(tx, read.catalogue)
    await tx
      .insertInto('catalogue_meta')
      .values([
        { key: 'data_version', value: json(read.version) },
        { key: 'loaded_at', value: json(new Date().toISOString()) },
      ])
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute()
    await bumpRevision(tx)
    return { loaded: true, version: read.version, interventions: read.catalogue.interventions.length }
  })
  if (outcome.loaded) await analyzeAfterBulkChange(db)
  return outcome
}

async function writeCatalogue(tx: Transaction<Database>, c: Catalogue): Promise<void> {
  await tx.insertInto('tier').values(c.tiers.tiers.map((t) => ({ ...t }))).execute()
  await tx
    .insertInto('framework_domain')
    .values(c.needs.domains.map((d) => ({ id: d.id, name: json(d.name), description: json(d.description), source: json(d.source) })))
    .execute()
  await tx
    .insertInto('need')
    .values(c.needs.needs.map((n, i) => ({ id: n.id, domain_id: n.domain, kind: n.kind, position: i + 1, name: json(n.name), description: json(n.description), source: json(n.source) })))
    .execute()
  for (const [i, ch] of c.clearinghouses.entries()) await writeClearinghouse(tx, ch, i + 1)
  const clearinghouses = new Map(c.clearinghouses.map((ch) => [ch.id, ch]))
  for (const r of c.reports)
    await tx
      .insertInto('report_table')
      .values({ id: r.id, title: r.title, label: r.label, publication: r.publication, columns: json(r.columns), groups: json(r.groups), stated_totals: json(r.statedTotals), notes: json(r.notes), source: json(r.source) })
      .execute()
  for (const iv of c.interventions) await writeIntervention(tx, iv, clearinghouses, c)
  for (const set of c.evidenceSets) {
    await tx.insertInto('evidence_set').values({ id: set.id, title: set.title, source: json(set.source) }).execute()
    await tx
      .insertInto('evidence_statement')
      .values(set.statements.map((s, i) => ({ id: s.id, set_id: set.id, position: i + 1, factor: s.factor, outcome: s.outcome, population: s.population, direction: s.direction, statement: json(s.statement), need_ids: s.needs, citations: json(s.citations) })))
      .execute()
  }
}

async function writeClearinghouse(tx: Transaction<Database>, ch: Clearinghouse, position: number): Promise<void> {
  await tx
    .insertInto('clearinghouse')
    .values({ id: ch.id, position, name: ch.name, short_name: ch.shortName, country: ch.country, region: ch.region, kind: ch.kind, url: ch.url, status: ch.status, description: json(ch.description), notes: json(ch.notes), source: json(ch.source), watch: ch.watch ? json(ch.watch) : null })
    .execute()
  for (const [i, s] of ch.scales.entries()) {
    await tx
      .insertInto('rating_scale')
      .values({ clearinghouse_id: ch.id, id: s.id, position: i + 1, name: json(s.name), in_use_from: s.inUseFrom, in_use_until: s.inUseUntil, note: s.note ?? null, source: json(s.source) })
      .execute()
    if (s.levels.length > 0)
      await tx
        .insertInto('scale_level')
        .values(s.levels.map((l, j) => ({ clearinghouse_id: ch.id, scale_id: s.id, id: l.id, position: j + 1, native_name: l.nativeName, gloss: l.gloss ? json(l.gloss) : null, tier_id: l.tier, rationale: l.rationale })))
        .execute()
  }
}

/** The names of the needs an intervention targets, joined per language, for full-text search. */
export function needText(iv: Intervention, c: Pick<Catalogue, 'needs'>): Record<string, string> {
  const names = iv.needs.map((n) => c.needs.needs.find((x) => x.id === n.need)?.name).filter((n) => n !== undefined)
  const out: Record<string, string> = {}
  for (const lang of LANGUAGES) {
    const text = names.map((n) => n[lang]).filter(Boolean).join('. ')
    if (text) out[lang] = text
  }
  return out
}

/** An intervention's row, its derived columns (best tier, grading groups, search text) included. */
export function interventionColumns(iv: Intervention, clearinghouses: ReadonlyMap<string, Clearinghouse>, c: Pick<Catalogue, 'needs' | 'tiers'>) {
  const tiered: TieredAssessment[] = iv.assessments.map((a, i) => ({ ...a, seq: i + 1, tier: tierOfAssessment(a, clearinghouses) }))
  const derived = deriveColumns(tiered, (id) => clearinghouses.get(id)?.region, c.tiers.tiers)
  return {
    tiered,
    row: {
      id: iv.id,
      name: iv.name,
      acronyms: iv.acronyms,
      aliases: iv.aliases,
      description: json(iv.description),
      prevention_levels: iv.prevention.levels,
      prevention_basis: json(iv.prevention.basis),
      target_population: iv.targetPopulation,
      child_age: iv.childAge ? json(iv.childAge) : null,
      formats: iv.formats,
      dosage: iv.dosage,
      origin: iv.origin,
      links: json(iv.links),
      fact_sources: json(iv.factSources),
      ratings_not_found: json(iv.ratingsNotFound),
      mentions: json(iv.mentions),
      need_ids: iv.needs.map((n) => n.need),
      primary_need_ids: iv.needs.filter((n) => n.role === 'primary').map((n) => n.need),
      ...derived,
      need_text: json(needText(iv, c)),
      age_bands: ageBands(iv.childAge),
    },
  }
}

/** The rows an intervention's needs, assessments and report inclusions become. */
export function interventionChildRows(iv: Intervention, tiered: TieredAssessment[]) {
  return {
    needs: iv.needs.map((n) => ({ intervention_id: iv.id, need_id: n.need, role: n.role, basis: n.basis })),
    assessments: tiered.map((a) => ({
      id: `${iv.id}/${a.seq}`,
      intervention_id: iv.id,
      seq: a.seq,
      clearinghouse_id: a.clearinghouse,
      scale_id: a.scale,
      level_id: a.level,
      native_level: a.nativeLevel,
      tier_id: a.tier,
      scope: a.scope,
      applies_to: a.appliesTo,
      topic: a.topic,
      review_date: a.reviewDate,
      edition: a.edition,
      note: a.note,
      quote: a.quote,
      source: json(a.source),
      source_url: a.source.url ?? null,
      retrieved_at: a.source.retrievedAt,
    })),
    inclusions: iv.reportInclusions.map((r) => ({ report_id: r.report, intervention_id: iv.id, group_id: r.group, position: r.position, name_in_report: r.nameInReport, marks: json(r.marks) })),
  }
}

async function writeIntervention(tx: Transaction<Database>, iv: Intervention, clearinghouses: ReadonlyMap<string, Clearinghouse>, c: Catalogue): Promise<void> {
  const { tiered, row } = interventionColumns(iv, clearinghouses, c)
  const rows = interventionChildRows(iv, tiered)
  await tx.insertInto('intervention').values(row).execute()
  if (rows.needs.length > 0) await tx.insertInto('intervention_need').values(rows.needs).execute()
  if (rows.assessments.length > 0) await tx.insertInto('assessment').values(rows.assessments).execute()
  if (rows.inclusions.length > 0) await tx.insertInto('report_inclusion').values(rows.inclusions).execute()
}
