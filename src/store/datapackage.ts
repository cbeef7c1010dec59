import type { Kysely } from 'kysely'
import { toPlainCsv } from '../domain/csv.ts'
import { ATLAS_TITLE, DATA_LICENCE } from '../domain/licence.ts'
import type { Database } from './database.ts'
import { catalogueStats } from './meta.ts'
import { gradeRows } from './open-data.ts'

/**
 * The whole open dataset as a Frictionless Tabular Data Package (https://specs.frictionlessdata.io/):
 * `datapackage.json` describes each CSV beside it with a Table Schema (types, constraints, primary
 * and foreign keys), the licence and the sources. The CSVs are plain RFC 4180, UTF-8, no byte-order
 * mark, nothing altered (the spreadsheet exports neutralise formula-like cells; a data package must
 * carry the data as it is). Lists are one cell, separated by "; ".
 */

export interface TableField {
  name: string
  type: 'string' | 'integer' | 'boolean' | 'date'
  title?: string
  description?: string
  format?: 'uri'
  constraints?: { required?: boolean; unique?: boolean; enum?: string[]; pattern?: string }
}

export interface TableResource {
  name: string
  path: string
  title: string
  description: string
  fields: TableField[]
  primaryKey: string[]
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[]
  rows: unknown[][]
}

const LIST = 'A list, items separated by "; "'
const req = { required: true }
const PARTIAL_DATE = '^\\d{4}(-\\d{2}(-\\d{2})?)?$'

const list = (xs: readonly string[] | null | undefined) => (xs ?? []).join('; ')

export async function dataPackageTables(db: Kysely<Database>, publicUrl: string): Promise<TableResource[]> {
  const [tiers, clearinghouses, levels, needs, interventions, links, grades, statements] = await Promise.all([
    db.selectFrom('tier').selectAll().orderBy('rank').execute(),
    db.selectFrom('clearinghouse').selectAll().orderBy('position').execute(),
    db.selectFrom('scale_level').selectAll().orderBy('clearinghouse_id').orderBy('scale_id').orderBy('position').execute(),
    db.selectFrom('need').selectAll().orderBy('position').execute(),
    db.selectFrom('intervention').selectAll().orderBy('name').orderBy('id').execute(),
    db.selectFrom('intervention_need').selectAll().orderBy('intervention_id').orderBy('need_id').execute(),
    gradeRows(db),
    db.selectFrom('evidence_statement').selectAll().orderBy('set_id').orderBy('position').execute(),
  ])
  const tierIds = tiers.map((t) => t.id)
  const tierKey = { fields: ['tier'], reference: { resource: 'tiers', fields: ['id'] } }
  return [
    {
      name: 'tiers', path: 'tiers.csv', title: 'Harmonised evidence tiers', description: 'The one scale every portal\'s grade is mapped to, strongest first.',
      fields: [
        { name: 'id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'rank', type: 'integer', description: '1 is the strongest', constraints: req },
        { name: 'label', type: 'string', constraints: req },
        { name: 'description', type: 'string' },
        { name: 'recommendable', type: 'boolean', constraints: req },
        { name: 'graded', type: 'boolean', description: 'False for "not rated" and "unknown"', constraints: req },
      ],
      primaryKey: ['id'],
      rows: tiers.map((t) => [t.id, t.rank, t.label, t.description, t.recommendable, t.graded]),
    },
    {
      name: 'clearinghouses', path: 'clearinghouses.csv', title: 'Clearinghouses', description: 'Intervention information portals and reviews whose grades the atlas quotes.',
      fields: [
        { name: 'id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'name', type: 'string', constraints: req },
        { name: 'short_name', type: 'string' },
        { name: 'country', type: 'string' },
        { name: 'region', type: 'string' },
        { name: 'kind', type: 'string' },
        { name: 'url', type: 'string', format: 'uri' },
        { name: 'status', type: 'string' },
      ],
      primaryKey: ['id'],
      rows: clearinghouses.map((c) => [c.id, c.name, c.short_name, c.country, c.region, c.kind, c.url, c.status]),
    },
    {
      name: 'scale-levels', path: 'scale-levels.csv', title: 'Rating scale levels and their tiers', description: 'Each level of each portal\'s rating scale, verbatim, with the harmonised tier it maps to and why.',
      fields: [
        { name: 'clearinghouse_id', type: 'string', constraints: req },
        { name: 'scale_id', type: 'string', constraints: req },
        { name: 'level_id', type: 'string', constraints: req },
        { name: 'native_name', type: 'string', constraints: req },
        { name: 'tier', type: 'string', constraints: { required: true, enum: tierIds } },
        { name: 'rationale', type: 'string' },
      ],
      primaryKey: ['clearinghouse_id', 'scale_id', 'level_id'],
      foreignKeys: [{ fields: ['clearinghouse_id'], reference: { resource: 'clearinghouses', fields: ['id'] } }, tierKey],
      rows: levels.map((l) => [l.clearinghouse_id, l.scale_id, l.id, l.native_name, l.tier_id, l.rationale]),
    },
    {
      name: 'needs', path: 'needs.csv', title: 'Needs and circumstances', description: 'The needs of the WHO maternal well-being framework\'s "Relationships and connectedness" domain that interventions target.',
      fields: [
        { name: 'id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'kind', type: 'string' },
        ...(['en', 'fi', 'sv', 'nb', 'da'] as const).map((l): TableField => ({ name: `name_${l}`, type: 'string', description: `Name in ${l}` })),
      ],
      primaryKey: ['id'],
      rows: needs.map((n) => [n.id, n.kind, n.name.en, n.name.fi, n.name.sv, n.name.nb, n.name.da]),
    },
    {
      name: 'interventions', path: 'interventions.csv', title: 'Interventions', description: 'One row per programme in the catalogue.',
      fields: [
        { name: 'id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'name', type: 'string', constraints: req },
        { name: 'acronyms', type: 'string', description: LIST },
        { name: 'aliases', type: 'string', description: LIST },
        { name: 'prevention_levels', type: 'string', description: `${LIST}; empty when unknown` },
        { name: 'formats', type: 'string', description: `${LIST}; empty when unknown` },
        { name: 'best_tier', type: 'string', description: 'The best current tier among grades of the programme or a close variant', constraints: { required: true, enum: tierIds } },
        { name: 'grading_groups', type: 'string', description: `${LIST}: nordic, uk-usa` },
        { name: 'target_population', type: 'string' },
        { name: 'dosage', type: 'string' },
        { name: 'origin', type: 'string' },
        { name: 'description_en', type: 'string' },
        { name: 'url', type: 'string', format: 'uri', description: 'The programme\'s page in the atlas', constraints: req },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ fields: ['best_tier'], reference: { resource: 'tiers', fields: ['id'] } }],
      rows: interventions.map((i) => [i.id, i.name, list(i.acronyms), list(i.aliases), list(i.prevention_levels), list(i.formats), i.best_tier, list(i.grading_groups), i.target_population, i.dosage, i.origin, i.description.en, `${publicUrl}/interventions/${i.id}`]),
    },
    {
      name: 'intervention-needs', path: 'intervention-needs.csv', title: 'Needs each intervention targets', description: 'Primary and secondary goals, with the basis for each.',
      fields: [
        { name: 'intervention_id', type: 'string', constraints: req },
        { name: 'need_id', type: 'string', constraints: req },
        { name: 'role', type: 'string', constraints: { required: true, enum: ['primary', 'secondary'] } },
        { name: 'basis', type: 'string' },
      ],
      primaryKey: ['intervention_id', 'need_id'],
      foreignKeys: [
        { fields: ['intervention_id'], reference: { resource: 'interventions', fields: ['id'] } },
        { fields: ['need_id'], reference: { resource: 'needs', fields: ['id'] } },
      ],
      rows: links.map((l) => [l.intervention_id, l.need_id, l.role, l.basis]),
    },
    {
      name: 'grades', path: 'grades.csv', title: 'Grades', description: 'One row per grade a portal gave, verbatim and dated, with its source page and the quote that shows it; superseded grades are kept with current = false.',
      fields: [
        { name: 'assessment_id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'intervention_id', type: 'string', constraints: req },
        { name: 'intervention', type: 'string', constraints: req },
        { name: 'variant', type: 'string', description: 'The programme version the grade is of; empty when the programme as listed' },
        { name: 'scope', type: 'string', constraints: { required: true, enum: ['programme', 'variant', 'related', 'unconfirmed'] } },
        { name: 'clearinghouse_id', type: 'string', constraints: req },
        { name: 'clearinghouse', type: 'string', constraints: req },
        { name: 'native_grade', type: 'string', description: 'The grade exactly as the portal words it', constraints: req },
        { name: 'level', type: 'string', description: 'The scale level id; empty when the wording does not pin one' },
        { name: 'tier', type: 'string', constraints: { required: true, enum: tierIds } },
        { name: 'review_date', type: 'string', description: 'As precise as the portal gives it: YYYY, YYYY-MM or YYYY-MM-DD', constraints: { pattern: PARTIAL_DATE } },
        { name: 'page_url', type: 'string', format: 'uri' },
        { name: 'quote', type: 'string', description: 'Verbatim words on the page that show the grade' },
        { name: 'retrieved', type: 'date', constraints: req },
        { name: 'second_hand', type: 'boolean', description: 'True when the page is not the portal\'s own', constraints: req },
        { name: 'current', type: 'boolean', description: 'False when a later grade from the same portal for the same version supersedes it', constraints: req },
      ],
      primaryKey: ['assessment_id'],
      foreignKeys: [
        { fields: ['intervention_id'], reference: { resource: 'interventions', fields: ['id'] } },
        { fields: ['clearinghouse_id'], reference: { resource: 'clearinghouses', fields: ['id'] } },
        tierKey,
      ],
      rows: grades.map((g) => [g.assessmentId, g.interventionId, g.intervention, g.variant, g.scope, g.clearinghouseId, g.clearinghouse, g.nativeGrade, g.level, g.tier, g.reviewDate, g.pageUrl, g.quote, g.retrieved, g.secondHand, g.current]),
    },
    {
      name: 'evidence-statements', path: 'evidence-statements.csv', title: 'Evidence statements', description: 'What the chapter\'s literature review found, in our own words, with the author–year citations the chapter gives.',
      fields: [
        { name: 'id', type: 'string', constraints: { required: true, unique: true } },
        { name: 'set_id', type: 'string', constraints: req },
        { name: 'factor', type: 'string', constraints: { enum: ['risk', 'protective', 'intervention', 'context'] } },
        { name: 'outcome', type: 'string' },
        { name: 'population', type: 'string' },
        { name: 'direction', type: 'string' },
        { name: 'statement_en', type: 'string', constraints: req },
        { name: 'need_ids', type: 'string', description: LIST },
        { name: 'citations', type: 'string', description: `${LIST}: "Authors (year)"` },
      ],
      primaryKey: ['id'],
      rows: statements.map((s) => [s.id, s.set_id, s.factor, s.outcome, s.population, s.direction, s.statement.en, list(s.need_ids), list(s.citations.map((c) => `${c.authors} (${c.year})`))]),
    },
  ]
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v))

/** datapackage.json and its CSV files, by file name. */
export async function buildDataPackage(db: Kysely<Database>, publicUrl: string): Promise<{ descriptor: Record<string, unknown>; files: Map<string, string> }> {
  const [tables, stats] = await Promise.all([dataPackageTables(db, publicUrl), catalogueStats(db)])
  const files = new Map<string, string>()
  for (const t of tables) files.set(t.path, toPlainCsv(t.fields.map((f) => f.name), t.rows.map((r) => r.map(cell))))
  const descriptor = {
    profile: 'tabular-data-package',
    name: 'perinatal-atlas',
    id: `${publicUrl}/data/datapackage.json`,
    title: ATLAS_TITLE,
    description: 'Psychosocial interventions for the first 1000 days (pregnancy to the child\'s second birthday) in the "Relationships and connectedness" domain: each portal\'s grade verbatim, dated and sourced beside one harmonised evidence tier, the needs each programme targets, and the evidence statements of the chapter it comes from.',
    homepage: publicUrl,
    dataVersion: stats.dataVersion,
    dataRetrieved: stats.dataRetrievedAt,
    created: stats.loadedAt,
    keywords: ['perinatal', 'first 1000 days', 'psychosocial interventions', 'evidence', 'clearinghouse', 'Nordic'],
    licenses: [{ name: DATA_LICENCE.id, title: DATA_LICENCE.name, path: DATA_LICENCE.url }],
    sources: [
      { title: 'Nordic Council of Ministers (2026). The First 1000 Days in the Nordics (Nord 2026:002), chapter "Relationships and connectedness"', path: 'https://pub.norden.org/nord2026-002/' },
      { title: 'The clearinghouses listed in clearinghouses.csv; each grade links the exact page it was read from (grades.csv, page_url)', path: `${publicUrl}/clearinghouses` },
    ],
    resources: tables.map((t) => ({
      name: t.name,
      path: t.path,
      title: t.title,
      description: t.description,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', header: true, quoteChar: '"', doubleQuote: true, lineTerminator: '\r\n' },
      schema: { fields: t.fields, primaryKey: t.primaryKey, ...(t.foreignKeys ? { foreignKeys: t.foreignKeys } : {}), missingValues: [''] },
    })),
  }
  return { descriptor, files }
}
