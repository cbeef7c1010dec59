import { sql, type Kysely } from 'kysely'
import type { Database, WatchFindingKind } from './database.ts'

/** The watch's findings waiting for a reviewer, oldest first, with what a reviewer needs to judge them. */
export async function pendingWatchFindings(db: Kysely<Database>) {
  return db
    .selectFrom('watch_finding as f')
    .leftJoin('intervention as i', 'i.id', 'f.intervention_id')
    .leftJoin('assessment_row as a', 'a.id', 'f.assessment_id')
    .leftJoin('clearinghouse as c', 'c.id', 'f.clearinghouse_id')
    .select(['f.id', 'f.kind', 'f.url', 'f.clearinghouse_id', 'c.short_name as clearinghouse_name', 'f.intervention_id', 'i.name as intervention_name', 'f.assessment_id', 'a.native_level as current_native', 'a.level_id as current_level', 'f.version_id', 'f.previous_version_id', 'f.proposed_level', 'f.proposed_native', 'f.detail', 'f.found_at'])
    .select('a.quote')
    .where('f.status', '=', 'open')
    .orderBy('f.id')
    .execute()
}

export type PendingWatchFinding = Awaited<ReturnType<typeof pendingWatchFindings>>[number]

/** The page versions a finding compares: the one before the change (if any) and the one that shows it. */
export async function findingVersions(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; url: string; final_url: string; fetched_at: Date; status: number; text: string; title: string | null }>()
  const rows = await db.selectFrom('page_version').select(['id', 'url', 'final_url', 'fetched_at', 'status', 'text', 'title']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r]))
}

const ACTIONS: Record<WatchFindingKind, string> = {
  'grade-changed': 'add the new grade (the old one stays as history)',
  'quote-missing': 'say on the programme page that the source no longer says what we quote',
  moved: 'watch the new address from now on and say on the programme page that the page moved',
  vanished: 'say on the programme page that the page is gone',
  failing: 'mark it seen',
  'listing-changed': 'mark it seen',
}

export const confirmMeans = (k: WatchFindingKind) => ACTIONS[k]

/** Per grade: when its page was last read, and — once a reviewer has confirmed it — whether it moved, went or stopped saying what we quote. */
export async function sourceStatuses(db: Kysely<Database>, assessmentIds: string[]) {
  if (assessmentIds.length === 0) return new Map<string, SourceStatus>()
  const [checks, confirmed] = await Promise.all([
    db.selectFrom('source_check as s').leftJoin('watched_page as p', 'p.url', 's.url').select(['s.assessment_id', 's.url', 's.checked_at', 's.quote_found', 'p.last_ok_at', 'p.last_checked_at']).where('s.assessment_id', 'in', assessmentIds).execute(),
    db.selectFrom('watch_finding').select(['kind', 'url', 'assessment_id', 'decided_at', 'detail']).where('status', '=', 'confirmed').where('cleared_at', 'is', null).where('kind', 'in', ['quote-missing', 'moved', 'vanished']).execute(),
  ])
  const out = new Map<string, SourceStatus>()
  for (const c of checks) {
    const mine = confirmed.filter((f) => f.url === c.url && (f.assessment_id === null || f.assessment_id === c.assessment_id))
    const gone = mine.find((f) => f.kind === 'vanished')
    const moved = mine.find((f) => f.kind === 'moved')
    const quoteGone = mine.some((f) => f.kind === 'quote-missing')
    out.set(c.assessment_id, {
      checkedAt: (c.last_ok_at ?? c.checked_at).toISOString(),
      quote: quoteGone ? 'missing' : c.quote_found === true ? 'found' : c.quote_found === null ? 'none' : 'unconfirmed',
      gone: gone ? gone.decided_at!.toISOString() : null,
      movedTo: moved ? String((moved.detail as { to?: string }).to ?? '') || null : null,
    })
  }
  return out
}

export interface SourceStatus {
  /** When the page was last read. */
  checkedAt: string
  /** found: still says what we quote; missing: a reviewer confirmed it no longer does; none: no quote recorded; unconfirmed: awaiting a reviewer (shown as nothing). */
  quote: 'found' | 'missing' | 'none' | 'unconfirmed'
  gone: string | null
  movedTo: string | null
}

/** The watch as curators follow it: recent runs, and every watched page with its last check. */
export async function watchStatus(db: Kysely<Database>) {
  const [runs, pages] = await Promise.all([
    db.selectFrom('watch_run').selectAll().orderBy('id', 'desc').limit(10).execute(),
    db
      .selectFrom('watched_page as p')
      .leftJoin('clearinghouse as c', 'c.id', 'p.clearinghouse_id')
      .select(['p.url', 'p.moved_to', 'c.short_name', 'p.last_checked_at', 'p.last_ok_at', 'p.last_status', 'p.last_outcome', 'p.last_error', 'p.failures'])
      .select((eb) => eb.selectFrom('page_version as v').select(sql<number>`count(*)::int`.as('n')).whereRef('v.url', '=', 'p.url').as('versions'))
      .orderBy('c.short_name').orderBy('p.url')
      .execute(),
  ])
  return { runs, pages }
}
