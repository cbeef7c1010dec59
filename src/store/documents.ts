import { sql, type Kysely, type Transaction } from 'kysely'
import type { Clearinghouse } from '../domain/clearinghouse.ts'
import type { Intervention } from '../domain/intervention.ts'
import type { Need } from '../domain/need.ts'
import type { RecordKind, StatementDocument } from '../domain/record-kinds.ts'
import type { ReportTable } from '../domain/report.ts'
import type { AssessmentRow, Database } from './database.ts'

type IvNeedRow = { intervention_id: string; need_id: string; role: 'primary' | 'secondary'; basis: Intervention['needs'][number]['basis'] }
type InclusionRow = { report_id: string; intervention_id: string; group_id: string; position: number; name_in_report: string; marks: Intervention['reportInclusions'][number]['marks'] }

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
  // One statement, children as JSON beside each row: a publish reads the record it replaces in one go.
  let q = db
    .selectFrom('intervention')
    .selectAll()
    .select([
      sql<IvNeedRow[]>`(select coalesce(json_agg(row_to_json(n)), '[]') from intervention_need n where n.intervention_id = intervention.id)`.as('need_rows'),
      sql<AssessmentRow[]>`(select coalesce(json_agg(row_to_json(a) order by a.seq), '[]') from assessment a where a.intervention_id = intervention.id)`.as('assessment_rows'),
      sql<InclusionRow[]>`(select coalesce(json_agg(row_to_json(r) order by r.report_id), '[]') from report_inclusion r where r.intervention_id = intervention.id)`.as('inclusion_rows'),
    ])
    .orderBy('id')
  if (id !== undefined) q = q.where('id', '=', id)
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    acronyms: r.acronyms,
    aliases: r.aliases,
    description: r.description as Intervention['description'],
    prevention: { levels: r.prevention_levels as Intervention['prevention']['levels'], basis: r.prevention_basis },
    // need_ids keeps the order the record lists its needs in.
    needs: [...r.need_rows]
      .sort((a, b) => r.need_ids.indexOf(a.need_id) - r.need_ids.indexOf(b.need_id))
      .map((n) => ({ need: n.need_id, role: n.role, basis: n.basis })),
    targetPopulation: r.target_population,
    childAge: r.child_age,
    formats: r.formats as Intervention['formats'],
    dosage: r.dosage,
    origin: r.origin,
    links: r.links,
    factSources: r.fact_sources,
    assessments: r.assessment_rows.map(assessmentDoc),
    ratingsNotFound: r.ratings_not_found,
    reportInclusions: r.inclusion_rows.map((i) => ({ report: i.report_id, group: i.group_id, position: i.position, nameInReport: i.name_in_report, marks: i.marks })),
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
    ...(c.watch ? { watch: c.watch } : {}),
  }))
}

/** What an intervention points at, read in one statement: enough to check it and to write it. */
export interface InterventionReferenceRows {
  needs: { id: string; name: Need['name']; domain: string; kind: Need['kind'] }[]
  tiers: { id: string; rank: number; label: string; description: string; recommendable: boolean; graded: boolean }[]
  clearinghouses: { id: string; region: Clearinghouse['region']; scales: { id: string; levels: { id: string; tier: string }[] }[] }[]
  reports: { id: string; groups: ReportTable['groups']; columns: ReportTable['columns'] }[]
  /** Report positions other live interventions hold in the reports this one is in. */
  taken: { key: string; id: string }[]
}

export async function readInterventionReferences(db: Db, iv: Pick<Intervention, 'id' | 'assessments' | 'ratingsNotFound' | 'reportInclusions'>): Promise<InterventionReferenceRows> {
  const chIds = [...new Set([...iv.assessments.map((a) => a.clearinghouse), ...iv.ratingsNotFound.flatMap((r) => (r.clearinghouse ? [r.clearinghouse] : []))])]
  const reportIds = [...new Set(iv.reportInclusions.map((r) => r.report))]
  const { rows } = await sql<InterventionReferenceRows>`
    select
      (select coalesce(json_agg(json_build_object('id', n.id, 'name', n.name, 'domain', n.domain_id, 'kind', n.kind) order by n.position), '[]') from need n) as needs,
      (select coalesce(json_agg(row_to_json(t) order by t.rank), '[]') from tier t) as tiers,
      (select coalesce(json_agg(json_build_object('id', c.id, 'region', c.region, 'scales', (
          select coalesce(json_agg(json_build_object('id', s.id, 'levels', (
              select coalesce(json_agg(json_build_object('id', l.id, 'tier', l.tier_id) order by l.position), '[]')
              from scale_level l where l.clearinghouse_id = s.clearinghouse_id and l.scale_id = s.id)) order by s.position), '[]')
          from rating_scale s where s.clearinghouse_id = c.id))), '[]')
        from clearinghouse c where c.id = any(${chIds}::text[])) as clearinghouses,
      (select coalesce(json_agg(json_build_object('id', r.id, 'groups', r.groups, 'columns', r.columns)), '[]') from report_table r where r.id = any(${reportIds}::text[])) as reports,
      (select coalesce(json_agg(json_build_object('key', i.report_id || '/' || i.group_id || '/' || i.position, 'id', i.intervention_id)), '[]')
        from report_inclusion i where i.report_id = any(${reportIds}::text[]) and i.intervention_id <> ${iv.id}) as taken`.execute(db)
  return rows[0]!
}

/** The ids other kinds of record point at (domains, needs, evidence sets, tiers), and how a portal's scales are used, in one statement. */
export async function readReferenceIds(db: Db, clearinghouse?: string) {
  const { rows } = await sql<{ domains: string[]; needs: string[]; sets: string[]; tiers: string[]; used: { scale: string; level: string | null; n: number }[] }>`
    select
      (select coalesce(json_agg(id), '[]') from framework_domain) as domains,
      (select coalesce(json_agg(id), '[]') from need) as needs,
      (select coalesce(json_agg(id), '[]') from evidence_set) as sets,
      (select coalesce(json_agg(id), '[]') from tier) as tiers,
      (select coalesce(json_agg(json_build_object('scale', u.scale_id, 'level', u.level_id, 'n', u.n)), '[]')
        from (select scale_id, level_id, count(*)::int as n from assessment_row where clearinghouse_id = ${clearinghouse ?? null} group by scale_id, level_id) u) as used`.execute(db)
  return rows[0]!
}
