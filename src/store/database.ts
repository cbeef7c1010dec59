import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely'
import type { RatingNotFound } from '../domain/assessment.ts'
import type { ChildAge, PreventionBasis } from '../domain/intervention.ts'
import type { LocalisedText, Source } from '../domain/source.ts'
import type { ClearinghouseWatch } from '../domain/watch.ts'

type Note = { text: string; source: Source }
type Link = { label: string; url: string }
type Mention = { context: string; source: Source }

/** JSON columns: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>

/** A summary of one catalogue revision, derived from the whole catalogue (migration 010). */
export interface RevisionSummaryTable {
  key: string
  revision: number
  value: Json<unknown>
}

export interface CatalogueMetaTable {
  key: string
  value: Json<unknown>
}

export interface TierTable {
  id: string
  rank: number
  label: string
  description: string
  recommendable: boolean
  graded: boolean
}

export interface FrameworkDomainTable {
  id: string
  name: Json<Record<string, string>>
  description: Json<Record<string, string>>
  source: Json<Source>
}

export interface NeedTable {
  id: string
  domain_id: string
  kind: string
  position: number
  name: Json<Record<string, string>>
  description: Json<Record<string, string>>
  source: Json<Source>
}

export interface ClearinghouseTable {
  id: string
  position: number
  name: string
  short_name: string
  country: string
  region: string
  kind: string
  url: string | null
  status: string
  description: Json<Record<string, string>>
  notes: Json<Note[]>
  source: Json<Source>
  watch: Json<ClearinghouseWatch> | null
}

export interface RatingScaleTable {
  clearinghouse_id: string
  id: string
  position: number
  name: Json<LocalisedText>
  in_use_from: string | null
  in_use_until: string | null
  note: string | null
  source: Json<Source>
}

export interface ScaleLevelTable {
  clearinghouse_id: string
  scale_id: string
  id: string
  position: number
  native_name: string
  gloss: Json<LocalisedText> | null
  tier_id: string
  rationale: string
}

export interface InterventionTable {
  id: string
  name: string
  acronyms: string[]
  aliases: string[]
  description: Json<Record<string, string>>
  prevention_levels: string[]
  prevention_basis: Json<PreventionBasis>
  target_population: string | null
  child_age: Json<ChildAge> | null
  formats: string[]
  dosage: string | null
  origin: string | null
  links: Json<Link[]>
  fact_sources: Json<Source[]>
  ratings_not_found: Json<RatingNotFound[]>
  mentions: Json<Mention[]>
  // Derived from the record and its assessments, refreshed whenever either changes (see catalogue-writer).
  need_ids: string[]
  primary_need_ids: string[]
  clearinghouse_ids: string[]
  grading_groups: string[]
  age_bands: string[]
  best_tier: string
  best_tier_rank: number
  need_text: Json<Record<string, string>>
  search_terms: Generated<string>
  search_vector: Generated<unknown>
}

export interface InterventionNeedTable {
  intervention_id: string
  need_id: string
  role: 'primary' | 'secondary'
  basis: string
}

export interface AssessmentTable {
  id: string
  intervention_id: string
  seq: number
  clearinghouse_id: string
  scale_id: string
  level_id: string | null
  native_level: string
  tier_id: string
  scope: 'programme' | 'variant' | 'related' | 'unconfirmed'
  applies_to: string | null
  topic: string | null
  review_date: string | null
  edition: string | null
  note: string | null
  /** The verbatim words on the source page that show the grade; null only for grades read from a snapshot file before quotes were kept. */
  quote: string | null
  source: Json<Source>
  source_url: string | null
  retrieved_at: string
  /** The snapshot that recorded this grade (the monitor's grades); null for curated ones. */
  snapshot_id: Generated<number | null>
}

export interface SnapshotWithdrawalTable {
  snapshot_id: number
  reason: string
  withdrawn_by: string
  withdrawn_at: Generated<Date>
}

export interface ReportTableTable {
  id: string
  title: string
  label: string
  publication: string
  columns: Json<{ need: string; label: string }[]>
  groups: Json<{ id: string; label: string }[]>
  stated_totals: Json<Record<string, number>>
  notes: Json<string[]>
  source: Json<Source>
}

export interface ReportInclusionTable {
  report_id: string
  intervention_id: string
  group_id: string
  position: number
  name_in_report: string
  marks: Json<Record<string, boolean>>
}

export interface EvidenceSetTable {
  id: string
  title: string
  source: Json<Source>
}

export interface EvidenceStatementTable {
  id: string
  set_id: string
  position: number
  factor: string
  outcome: string
  population: string
  direction: string
  statement: Json<LocalisedText>
  need_ids: string[]
  citations: Json<{ authors: string; year: number }[]>
}

export interface SnapshotTable {
  id: Generated<number>
  clearinghouse_id: string
  file_name: string
  checksum: string
  retrieved_at: string
  imported_at: Generated<Date>
  imported_by: string
  record_count: number
}

export interface SnapshotRecordTable {
  snapshot_id: number
  key: string
  line: number
  name: string
  url: string | null
  native_level: string
  level_id: string
  tier_id: string
  review_date: string | null
  fields: Json<Record<string, string>>
  intervention_id: string | null
  match_kind: 'previous' | 'url' | 'name' | 'suggested' | 'none'
  suggestions: Json<{ intervention: string; similarity: number }[]>
}

export interface ChangeEventTable {
  id: Generated<number>
  /** The snapshot the change was read from; null for a change the page watch found (then page_version_id). */
  snapshot_id: number | null
  page_version_id: ColumnType<number | null, number | null | undefined, number | null>
  clearinghouse_id: string
  kind: 'added' | 'delisted' | 'grade-changed' | 'review-date-changed' | 'fields-changed'
  record_key: string
  name: string
  intervention_id: string | null
  match_kind: string
  before: Json<Record<string, unknown>> | null
  after: Json<Record<string, unknown>> | null
  direction: 'up' | 'down' | 'same' | null
  changed_fields: string[]
  assessment_id: string | null
  retrieved_at: string
  created_at: Generated<Date>
}

export interface AppUserTable {
  id: Generated<number>
  email: string
  role: 'admin' | 'editor' | 'reviewer'
  password_hash: string
  created_at: Generated<Date>
  disabled_at: Date | null
}

export interface UserSessionTable {
  token_hash: string
  user_id: number
  csrf_token: string
  created_at: Generated<Date>
  expires_at: Date
}

export interface LoginFailureTable {
  key: string
  at: Generated<Date>
}

export type DraftAction = 'create' | 'update' | 'archive'

export interface DraftTable {
  id: Generated<number>
  kind: string
  record_id: string
  action: DraftAction
  document: Json<unknown>
  base_document: Json<unknown> | null
  revision: Generated<number>
  restores_version: number | null
  status: Generated<'open' | 'published' | 'rejected' | 'withdrawn'>
  author_id: number
  updated_by: number
  created_at: Generated<Date>
  updated_at: Generated<Date>
  decided_by: number | null
  decided_at: Date | null
  decision_note: string | null
}

export interface RecordVersionTable {
  kind: string
  record_id: string
  version: number
  action: 'load' | 'create' | 'update' | 'archive' | 'restore'
  document: Json<unknown>
  published_by: string
  published_at: Generated<Date>
  draft_id: number | null
}

export interface AuditEventTable {
  id: Generated<number>
  at: Generated<Date>
  actor: string
  action: string
  kind: string | null
  record_id: string | null
  before: Json<unknown> | null
  after: Json<unknown> | null
  note: string | null
}

export interface MonitorDecisionTable {
  clearinghouse_id: string
  record_key: string
  change_event_id: number | null
  decision: 'matched' | 'not-matched' | 'confirmed' | 'disputed'
  intervention_id: string | null
  decided_by: string
  decided_at: Generated<Date>
  note: string | null
}

export interface PageVersionTable {
  id: Generated<number>
  url: string
  final_url: string
  fetched_at: ColumnType<Date, Date | string, never>
  status: number
  content_type: string | null
  headers: Json<Record<string, string>>
  redirects: Json<{ status: number; from: string; to: string }[]>
  title: string | null
  text: string
  content_hash: string
}

export interface WatchedPageTable {
  url: string
  clearinghouse_id: string | null
  etag: string | null
  last_modified: string | null
  last_checked_at: Date | null
  last_ok_at: Date | null
  last_status: number | null
  last_outcome: string | null
  last_error: string | null
  failures: Generated<number>
  latest_version_id: number | null
  moved_to: string | null
}

export interface WatchCheckTable {
  id: Generated<number>
  run_id: number | null
  url: string
  checked_at: Generated<Date>
  outcome: string
  status: number | null
  redirects: Json<{ status: number; from: string; to: string }[]>
  error: string | null
  version_id: number | null
  duration_ms: number
}

export interface WatchRunTable {
  id: Generated<number>
  started_at: Generated<Date>
  finished_at: Date | null
  started_by: string
  summary: Json<Record<string, unknown>> | null
}

export interface SourceCheckTable {
  assessment_id: string
  url: string
  checked_at: Date
  version_id: number | null
  quote_found: boolean | null
  grade_found: string | null
}

export type WatchFindingKind = 'grade-changed' | 'quote-missing' | 'moved' | 'vanished' | 'failing' | 'listing-changed'

export interface WatchFindingTable {
  id: Generated<number>
  kind: WatchFindingKind
  identity: string
  url: string
  clearinghouse_id: string | null
  intervention_id: string | null
  assessment_id: string | null
  version_id: number | null
  previous_version_id: number | null
  proposed_level: string | null
  proposed_native: string | null
  detail: Json<Record<string, unknown>>
  found_at: Generated<Date>
  status: ColumnType<'open' | 'confirmed' | 'dismissed' | 'cleared', 'open' | undefined, 'confirmed' | 'dismissed' | 'cleared'>
  cleared_at: Date | null
  decided_by: string | null
  decided_at: Date | null
  note: string | null
  new_assessment_id: string | null
}

export interface Database {
  catalogue_meta: CatalogueMetaTable
  revision_summary: RevisionSummaryTable
  tier: TierTable
  framework_domain: FrameworkDomainTable
  need: NeedTable
  clearinghouse: ClearinghouseTable
  rating_scale: RatingScaleTable
  scale_level: ScaleLevelTable
  intervention: InterventionTable
  intervention_need: InterventionNeedTable
  assessment: AssessmentTable
  report_table: ReportTableTable
  report_inclusion: ReportInclusionTable
  evidence_set: EvidenceSetTable
  evidence_statement: EvidenceStatementTable
  snapshot: SnapshotTable
  snapshot_record: SnapshotRecordTable
  snapshot_withdrawal: SnapshotWithdrawalTable
  change_event: ChangeEventTable
  // The tables behind the views above, archived interventions included (editorial code only).
  intervention_row: InterventionTable & { archived_at: Date | null }
  assessment_row: AssessmentTable
  intervention_need_row: InterventionNeedTable
  report_inclusion_row: ReportInclusionTable
  app_user: AppUserTable
  user_session: UserSessionTable
  login_failure: LoginFailureTable
  draft: DraftTable
  record_version: RecordVersionTable
  audit_event: AuditEventTable
  monitor_decision: MonitorDecisionTable
  page_version: PageVersionTable
  watched_page: WatchedPageTable
  watch_check: WatchCheckTable
  watch_run: WatchRunTable
  source_check: SourceCheckTable
  watch_finding: WatchFindingTable
}

export type InterventionRow = Selectable<InterventionTable>
export type NewIntervention = Insertable<InterventionTable>
export type AssessmentRow = Selectable<AssessmentTable>

/** The database handle every store function takes; the web layer names it by this type only and never builds a query itself. */
export type Db = Kysely<Database>
