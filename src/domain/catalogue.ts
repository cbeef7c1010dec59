import type { Clearinghouse } from './clearinghouse.ts'
import type { EvidenceSetFile } from './evidence-statement.ts'
import type { Intervention } from './intervention.ts'
import type { NeedsFile } from './need.ts'
import type { ReportTable } from './report.ts'
import type { TierScale } from './tier.ts'

/** The whole shipped catalogue, as read from the data files. */
export interface Catalogue {
  tiers: TierScale
  needs: NeedsFile
  clearinghouses: Clearinghouse[]
  interventions: Intervention[]
  reports: ReportTable[]
  evidenceSets: EvidenceSetFile[]
  /** Which file each record came from, to name it in errors. */
  files: Map<object, string>
}

/** The catalogue as read from its files, with a digest of every file: the version of the shipped data. */
export interface ReadCatalogue {
  catalogue: Catalogue
  version: string
}

/** A problem in the data: the file, the field path and what was expected. */
export interface DataIssue {
  file: string
  path: string
  message: string
}

export class CatalogueError extends Error {
  readonly issues: DataIssue[]
  constructor(issues: DataIssue[]) {
    super(
      `The catalogue data is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.file}: ${i.path || '(whole file)'}: ${i.message}`).join('\n'),
    )
    this.name = 'CatalogueError'
    this.issues = issues
  }
}

/**
 * Checks what single-file schemas cannot: every reference points at something that exists, ids are
 * unique across files, and report tables are consistent. Returns the problems; an empty list is valid.
 */
export function checkReferences(c: Catalogue): DataIssue[] {
  const issues: DataIssue[] = []
  const fileOf = (o: object) => c.files.get(o) ?? '(unknown file)'
  const tierIds = new Set(c.tiers.tiers.map((t) => t.id))
  const domainIds = new Set(c.needs.domains.map((d) => d.id))
  const needIds = new Set<string>()
  c.needs.needs.forEach((n, i) => {
    const file = fileOf(c.needs)
    if (needIds.has(n.id)) issues.push({ file, path: `needs.${i}.id`, message: `need id "${n.id}" is used twice` })
    needIds.add(n.id)
    if (!domainIds.has(n.domain)) issues.push({ file, path: `needs.${i}.domain`, message: `expected one of the domains (${[...domainIds].join(', ')}), got "${n.domain}"` })
  })
  const chById = new Map<string, Clearinghouse>()
  for (const ch of c.clearinghouses) {
    const file = fileOf(ch)
    if (chById.has(ch.id)) issues.push({ file, path: 'id', message: `clearinghouse id "${ch.id}" is used by another file too` })
    chById.set(ch.id, ch)
    ch.scales.forEach((s, i) =>
      s.levels.forEach((l, j) => {
        if (!tierIds.has(l.tier)) issues.push({ file, path: `scales.${i}.levels.${j}.tier`, message: `expected a tier (${[...tierIds].join(', ')}), got "${l.tier}"` })
      }),
    )
  }
  const reportById = new Map(c.reports.map((r) => [r.id, r]))
  for (const r of c.reports) {
    r.columns.forEach((col, i) => {
      if (!needIds.has(col.need)) issues.push({ file: fileOf(r), path: `columns.${i}.need`, message: `expected a need id, got "${col.need}"` })
    })
  }
  const interventionIds = new Set<string>()
  const refs: InterventionReferences = { needIds, clearinghouses: chById, reports: reportById, positions: new Map() }
  for (const iv of c.interventions) {
    const file = fileOf(iv)
    const expectedName = `${iv.id}.json`
    if (!file.endsWith(expectedName)) issues.push({ file, path: 'id', message: `expected the file to be named ${expectedName} after its id` })
    if (interventionIds.has(iv.id)) issues.push({ file, path: 'id', message: `intervention id "${iv.id}" is used by another file too` })
    interventionIds.add(iv.id)
    issues.push(...interventionIssues(iv, file, refs))
  }
  const statementIds = new Set<string>()
  for (const set of c.evidenceSets) {
    set.statements.forEach((s, i) => {
      if (statementIds.has(s.id)) issues.push({ file: fileOf(set), path: `statements.${i}.id`, message: `statement id "${s.id}" is used twice` })
      statementIds.add(s.id)
      s.needs.forEach((n, j) => {
        if (!needIds.has(n)) issues.push({ file: fileOf(set), path: `statements.${i}.needs.${j}`, message: `expected a need id, got "${n}"` })
      })
    })
  }
  return issues
}

/** What an intervention's references are checked against: only what it points at need be there. */
export interface InterventionReferences {
  needIds: ReadonlySet<string>
  clearinghouses: ReadonlyMap<string, { id: string; scales: readonly { id: string; levels: readonly { id: string }[] }[] }>
  reports: ReadonlyMap<string, Pick<ReportTable, 'groups' | 'columns'>>
  /** Report positions already taken ("report/group/position" → intervention id); this record's are added. */
  positions: Map<string, string>
}

/** One intervention's references: needs, each grade's portal, scale and level, and its report rows. */
export function interventionIssues(iv: Intervention, file: string, refs: InterventionReferences): DataIssue[] {
  const issues: DataIssue[] = []
  iv.needs.forEach((n, i) => {
    if (!refs.needIds.has(n.need)) issues.push({ file, path: `needs.${i}.need`, message: `expected a need id from data/needs.json, got "${n.need}"` })
  })
  iv.assessments.forEach((a, i) => {
    const ch = refs.clearinghouses.get(a.clearinghouse)
    if (!ch) return void issues.push({ file, path: `assessments.${i}.clearinghouse`, message: `expected a clearinghouse id, got "${a.clearinghouse}"` })
    const scale = ch.scales.find((s) => s.id === a.scale)
    if (!scale) return void issues.push({ file, path: `assessments.${i}.scale`, message: `expected a scale of ${ch.id} (${ch.scales.map((s) => s.id).join(', ') || 'none'}), got "${a.scale}"` })
    if (a.level !== null && !scale.levels.some((l) => l.id === a.level))
      issues.push({ file, path: `assessments.${i}.level`, message: `expected a level of scale ${scale.id} (${scale.levels.map((l) => l.id).join(', ')}), got "${a.level}"` })
  })
  iv.ratingsNotFound.forEach((r, i) => {
    if (r.clearinghouse !== null && !refs.clearinghouses.has(r.clearinghouse))
      issues.push({ file, path: `ratingsNotFound.${i}.clearinghouse`, message: `expected a clearinghouse id, got "${r.clearinghouse}"` })
  })
  iv.reportInclusions.forEach((inc, i) => {
    const report = refs.reports.get(inc.report)
    if (!report) return void issues.push({ file, path: `reportInclusions.${i}.report`, message: `expected a report id, got "${inc.report}"` })
    if (!report.groups.some((g) => g.id === inc.group))
      issues.push({ file, path: `reportInclusions.${i}.group`, message: `expected one of ${report.groups.map((g) => g.id).join(', ')}, got "${inc.group}"` })
    const cols = report.columns.map((col) => col.need)
    const keys = Object.keys(inc.marks)
    const missing = cols.filter((col) => !keys.includes(col))
    const extra = keys.filter((k) => !cols.includes(k))
    if (missing.length || extra.length)
      issues.push({ file, path: `reportInclusions.${i}.marks`, message: `expected exactly the columns ${cols.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}` })
    const key = `${inc.report}/${inc.group}/${inc.position}`
    const other = refs.positions.get(key)
    if (other) issues.push({ file, path: `reportInclusions.${i}.position`, message: `position ${inc.position} in ${inc.report}/${inc.group} is taken by ${other}` })
    refs.positions.set(key, iv.id)
  })
  return issues
}
