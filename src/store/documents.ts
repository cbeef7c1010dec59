import type { Kysely, Transaction } from 'kysely'
import { checkReferences, type Catalogue, type DataIssue } from '../domain/catalogue.ts'
import type { Clearinghouse } from '../domain/clearinghouse.ts'
import type { EvidenceSetFile } from '../domain/evidence-statement.ts'
import type { Intervention } from '../domain/intervention.ts'
import type { Need } from '../domain/need.ts'
import { DOCUMENT_SCHEMAS, LIMITS, type RecordKind, type StatementDocument } from '../domain/record-kinds.ts'
import type { ReportTable } from '../domain/report.ts'
import type { AssessmentRow, Database } from './database.ts'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Published records read back from the database as documents in the data files' shape: what an
 * editor edits, what a version keeps, what a draft is compared against.
 */
export async function readDocument(db: Db, kind: RecordKind, id: string): Promise<unknown | undefined> {
  switch (kind) {
    case 'intervention':
      return (await readInterventions(db, id))[0]
    case 'need':
      return (await readNeeds(db, id))[0]
    case 'evidence-statement':
      return (await readStatements(db, id))[0]
    case 'clearinghouse':
      return (await readClearinghouses(db, id))[0]
  }
}

/** Every published record of a kind: id and a label, for the editorial lists. */
export async function listRecordLabels(db: Db, kind: RecordKind): Promise<{ id: string; label: string }[]> {
  switch (kind) {
    case 'intervention':
      return (await db.selectFrom('intervention').select(['id', 'name as label']).orderBy('name').execute())
    case 'need':
      return (await db.selectFrom('need').select(['id', 'name']).orderBy('position').execute()).map((n) => ({ id: n.id, label: n.name.en ?? n.id }))
    case 'evidence-statement':
      return (await db.selectFrom('evidence_statement').select(['id', 'statement']).orderBy('set_id').orderBy('position').execute()).map((s) => ({ id: s.id, label: s.statement.en.length > 110 ? `${s.statement.en.slice(0, 110)}…` : s.statement.en }))
    case 'clearinghouse':
      return (await db.selectFrom('clearinghouse').select(['id', 'name as label']).orderBy('position').execute())
  }
}

function assessmentDoc(a: AssessmentRow) {
  return {
    clearinghouse: a.clearinghouse_id, scale: a.scale_id, level: a.level_id, nativeLevel: a.native_level, scope: a.scope,
    appliesTo: a.applies_to, topic: a.topic, reviewDate: a.review_date, edition: a.edition, note: a.note, quote: a.quote ?? '', source: a.source,
  }
}

export async function readInterventions(db: Db, id?: string): Promise<Intervention[]> {
  let q = db.selectFrom('intervention').selectAll().orderBy('id')
  if (id !== undefined) q = q.where('id', '=', id)
  const rows = await q.execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [needs, assessments, inclusions] = await Promise.all([
    db.selectFrom('intervention_need').selectAll().where('intervention_id', 'in', ids).execute(),
    db.selectFrom('assessment').selectAll().where('intervention_id', 'in', ids).orderBy('seq').execute(),
    db.selectFrom('report_inclusion').selectAll().where('intervention_id', 'in', ids).orderBy('report_id').execute(),
  ])
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    acronyms: r.acronyms,
    aliases: r.aliases,
    description: r.description as Intervention['description'],
    prevention: { levels: r.prevention_levels as Intervention['prevention']['levels'], basis: r.prevention_basis },
    // need_ids keeps the order the record lists its needs in.
    needs: needs
      .filter((n) => n.intervention_id === r.id)
      .sort((a, b) => r.need_ids.indexOf(a.need_id) - r.need_ids.indexOf(b.need_id))
      .map((n) => ({ need: n.need_id, role: n.role, basis: n.basis })),
    targetPopulation: r.target_population,
    childAge: r.child_age,
    formats: r.formats as Intervention['formats'],
    dosage: r.dosage,
    origin: r.origin,
    links: r.links,
    factSources: r.fact_sources,
    assessments: assessments.filter((a) => a.intervention_id === r.id).map(assessmentDoc),
    ratingsNotFound: r.ratings_not_found,
    reportInclusions: inclusions
      .filter((i) => i.intervention_id === r.id)
      .map((i) => ({ report: i.report_id, group: i.group_id, position: i.position, nameInReport: i.name_in_report, marks: i.marks })),
    mentions: r.mentions,
  }) as Intervention)
}

export async function readNeeds(db: Db, id?: string): Promise<Need[]> {
  let q = db.selectFrom('need').selectAll().orderBy('position')
  if (id !== undefined) q = q.where('id', '=', id)
  return (await q.execute()).map((n) => ({ id: n.id, domain: n.domain_id, kind: n.kind as Need['kind'], name: n.name as Need['name'], description: n.description as Need['description'], source: n.source }))
}

export async function readStatements(db: Db, id?: string): Promise<StatementDocument[]> {
  let q = db.selectFrom('evidence_statement').selectAll().orderBy('set_id').orderBy('position')
  if (id !== undefined) q = q.where('id', '=', id)
  return (await q.execute()).map((s) => ({
    id: s.id, set: s.set_id, factor: s.factor as StatementDocument['factor'], outcome: s.outcome, population: s.population,
    direction: s.direction as StatementDocument['direction'], statement: s.statement, needs: s.need_ids, citations: s.citations,
  }))
}

export async function readClearinghouses(db: Db, id?: string): Promise<Clearinghouse[]> {
  let q = db.selectFrom('clearinghouse').selectAll().orderBy('position')
  if (id !== undefined) q = q.where('id', '=', id)
  const chs = await q.execute()
  if (chs.length === 0) return []
  const ids = chs.map((c) => c.id)
  const [scales, levels] = await Promise.all([
    db.selectFrom('rating_scale').selectAll().where('clearinghouse_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('scale_level').selectAll().where('clearinghouse_id', 'in', ids).orderBy('position').execute(),
  ])
  return chs.map((c) => ({
    id: c.id, name: c.name, shortName: c.short_name, country: c.country, region: c.region as Clearinghouse['region'], kind: c.kind as Clearinghouse['kind'],
    url: c.url, status: c.status as Clearinghouse['status'], description: c.description as Clearinghouse['description'],
    scales: scales
      .filter((s) => s.clearinghouse_id === c.id)
      .map((s) => ({
        id: s.id, name: s.name, inUseFrom: s.in_use_from, inUseUntil: s.in_use_until, ...(s.note !== null ? { note: s.note } : {}),
        levels: levels
          .filter((l) => l.clearinghouse_id === c.id && l.scale_id === s.id)
          .map((l) => ({ id: l.id, nativeName: l.native_name, ...(l.gloss !== null ? { gloss: l.gloss } : {}), tier: l.tier_id, rationale: l.rationale })),
        source: s.source,
      })),
    notes: c.notes,
    source: c.source,
  }))
}

/** The published catalogue as the data files would hold it, for the same reference checks. */
export async function readCatalogueFromDb(db: Db): Promise<Catalogue> {
  const [tiers, domains, needs, clearinghouses, interventions, reports, sets, statements] = await Promise.all([
    db.selectFrom('tier').selectAll().orderBy('rank').execute(),
    db.selectFrom('framework_domain').selectAll().execute(),
    readNeeds(db),
    readClearinghouses(db),
    readInterventions(db),
    db.selectFrom('report_table').selectAll().execute(),
    db.selectFrom('evidence_set').selectAll().execute(),
    readStatements(db),
  ])
  const files = new Map<object, string>()
  const needsFile = { domains: domains.map((d) => ({ id: d.id, name: d.name as Need['name'], description: d.description as Need['description'], source: d.source })), needs }
  files.set(needsFile, 'data/needs.json')
  for (const c of clearinghouses) files.set(c, `data/clearinghouses/${c.id}.json`)
  for (const i of interventions) files.set(i, `data/interventions/${i.id}.json`)
  const reportDocs: ReportTable[] = reports.map((r) => ({ id: r.id, title: r.title, label: r.label, publication: r.publication, columns: r.columns, groups: r.groups, statedTotals: r.stated_totals, notes: r.notes, source: r.source }))
  const evidenceSets: EvidenceSetFile[] = sets.map((s) => ({
    id: s.id, title: s.title, source: s.source,
    statements: statements.filter((st) => st.set === s.id).map(({ set: _set, ...st }) => st),
  }))
  for (const s of evidenceSets) files.set(s, `data/evidence/${s.id}.json`)
  return {
    tiers: { tiers: tiers.map((t) => ({ id: t.id, rank: t.rank, label: t.label, description: t.description, recommendable: t.recommendable, graded: t.graded })) } as Catalogue['tiers'],
    needs: needsFile as Catalogue['needs'],
    clearinghouses,
    interventions,
    reports: reportDocs,
    evidenceSets,
    files,
  }
}

export type Validated = { ok: true; doc: unknown } | { ok: false; issues: DataIssue[] }

/**
 * Validates a proposed document as the data files are validated: its schema, then every reference
 * against the published catalogue with this record put in its place.
 */
export async function validateDocument(db: Db, kind: RecordKind, id: string, proposed: unknown): Promise<Validated> {
  const file = `${kind}/${id}`
  if (JSON.stringify(proposed ?? null).length > LIMITS.document) return { ok: false, issues: [{ file, path: '', message: `the record is larger than ${LIMITS.document} characters` }] }
  const parsed = DOCUMENT_SCHEMAS[kind].safeParse(proposed)
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })) }
  const doc = parsed.data as { id: string }
  if (doc.id !== id) return { ok: false, issues: [{ file, path: 'id', message: `expected "${id}": a record's id cannot change (archive it and create a new one)` }] }
  const c = await readCatalogueFromDb(db)
  const put = <T extends { id: string }>(list: T[], item: T) => {
    const i = list.findIndex((x) => x.id === item.id)
    if (i >= 0) list[i] = item
    else list.push(item)
  }
  switch (kind) {
    case 'intervention': {
      const iv = doc as Intervention
      put(c.interventions, iv)
      c.files.set(iv, `data/interventions/${iv.id}.json`)
      break
    }
    case 'need':
      put(c.needs.needs, doc as Need)
      break
    case 'evidence-statement': {
      const { set, ...st } = doc as StatementDocument
      const target = c.evidenceSets.find((s) => s.id === set)
      if (!target) return { ok: false, issues: [{ file, path: 'set', message: `expected an evidence set (${c.evidenceSets.map((s) => s.id).join(', ')}), got "${set}"` }] }
      for (const s of c.evidenceSets) s.statements = s.statements.filter((x) => x.id !== st.id)
      target.statements.push(st)
      break
    }
    case 'clearinghouse': {
      const ch = doc as Clearinghouse
      put(c.clearinghouses, ch)
      c.files.set(ch, `data/clearinghouses/${ch.id}.json`)
      break
    }
  }
  // Only problems this record causes or carries count: others are not this editor's to fix.
  const issues = checkReferences(c).filter((i) => mentionsRecord(i, kind, id))
  return issues.length ? { ok: false, issues: issues.map((i) => ({ ...i, file })) } : { ok: true, doc }
}

function mentionsRecord(i: DataIssue, kind: RecordKind, id: string): boolean {
  if (kind === 'intervention') return i.file === `data/interventions/${id}.json` || i.message.includes(`taken by ${id}`)
  if (kind === 'clearinghouse') return i.file === `data/clearinghouses/${id}.json` || i.message.includes(`"${id}"`) || i.file.startsWith('data/interventions/')
  return i.message.includes(`"${id}"`)
}
