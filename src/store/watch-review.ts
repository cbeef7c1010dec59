import { sql, type Kysely } from 'kysely'
import type { Actor } from './drafts.ts'
import { recordAudit } from './audit.ts'
import type { Database, WatchFindingKind } from './database.ts'
import { refreshDerived } from './derived.ts'
import { EditorialError } from './record-writer.ts'
import { bumpRevision } from './revision.ts'

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

/**
 * A reviewer's answer to a watch finding. Confirming a regrade adds the new grade (sourced to the
 * page version, quoting the words that state it) after the old one, which stays as dated history,
 * and writes a change event for /changes and its feeds. Nothing of a finding is public before this.
 */
export async function decideWatchFinding(db: Kysely<Database>, actor: Actor, id: number, decision: 'confirmed' | 'dismissed', note: string): Promise<{ assessment: string | null }> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(4711014)`.execute(tx)
    const f = await tx.selectFrom('watch_finding').selectAll().where('id', '=', id).executeTakeFirst()
    if (!f) throw new EditorialError('There is no such finding.', 404)
    if (f.status !== 'open') throw new EditorialError(f.status === 'cleared' ? 'The page no longer shows this finding; nothing to decide.' : `This finding was already ${f.status}.`)
    let assessment: string | null = null
    let publicChange = false
    if (decision === 'confirmed') {
      if (f.kind === 'grade-changed') {
        assessment = await addWatchedGrade(tx as unknown as Kysely<Database>, f)
        publicChange = true
      } else if (f.kind === 'moved') {
        const to = (f.detail as { to?: string }).to
        if (to) await tx.updateTable('watched_page').set({ moved_to: to }).where('url', '=', f.url).execute()
        publicChange = true
      } else if (f.kind === 'quote-missing' || f.kind === 'vanished') publicChange = true
    }
    await tx.updateTable('watch_finding').set({ status: decision, decided_by: actor.email, decided_at: new Date(), note: note || null, new_assessment_id: assessment }).where('id', '=', id).execute()
    await recordAudit(tx, {
      actor: actor.email, action: `watch.${f.kind}-${decision}`, kind: f.intervention_id ? 'intervention' : undefined, recordId: f.intervention_id ?? undefined,
      before: f.assessment_id ? { assessment: f.assessment_id } : undefined, after: { url: f.url, finding: f.id, ...(assessment ? { assessment, level: f.proposed_level, nativeLevel: f.proposed_native } : {}) }, note: note || undefined,
    })
    if (publicChange) await bumpRevision(tx)
    return { assessment }
  })
}

async function addWatchedGrade(tx: Kysely<Database>, f: { id: number; url: string; assessment_id: string | null; version_id: number | null; proposed_level: string | null; proposed_native: string | null; clearinghouse_id: string | null }): Promise<string> {
  if (!f.assessment_id || !f.proposed_level || !f.proposed_native || !f.version_id || !f.clearinghouse_id) throw new EditorialError('This finding proposes no grade to add.', 400)
  const old = await tx.selectFrom('assessment_row').selectAll().where('id', '=', f.assessment_id).executeTakeFirst()
  if (!old) throw new EditorialError('The grade this finding is about is no longer in the catalogue.')
  const live = await tx.selectFrom('intervention').select('id').where('id', '=', old.intervention_id).executeTakeFirst()
  if (!live) throw new EditorialError(`The intervention "${old.intervention_id}" is archived; restore it before adding a grade, or dismiss the finding.`)
  // A later grade for the same programme version and topic (an editor may have added it by hand) already superseded this one.
  const later = await tx
    .selectFrom('assessment_row').select(['id', 'native_level'])
    .where('intervention_id', '=', old.intervention_id).where('clearinghouse_id', '=', old.clearinghouse_id).where('seq', '>', old.seq)
    .where((eb) => (old.applies_to === null ? eb('applies_to', 'is', null) : eb('applies_to', '=', old.applies_to)))
    .where((eb) => (old.topic === null ? eb('topic', 'is', null) : eb('topic', '=', old.topic)))
    .executeTakeFirst()
  if (later) throw new EditorialError(`The grade this finding is about was superseded since (by “${later.native_level}”, ${later.id}); dismiss the finding if that settles it.`)
  const ch = await tx.selectFrom('clearinghouse').select(['short_name', 'watch']).where('id', '=', f.clearinghouse_id).executeTakeFirstOrThrow()
  if (!ch.watch) throw new EditorialError(`${ch.short_name} has no watch rules any more.`)
  const level = await tx.selectFrom('scale_level').select(['id', 'tier_id']).where('clearinghouse_id', '=', f.clearinghouse_id).where('scale_id', '=', ch.watch.scale).where('id', '=', f.proposed_level).executeTakeFirst()
  if (!level) throw new EditorialError(`Level "${f.proposed_level}" is not in ${ch.short_name}'s scale ${ch.watch.scale}.`, 400)
  const v = await tx.selectFrom('page_version').select(['id', 'url', 'final_url', 'fetched_at', 'content_hash']).where('id', '=', f.version_id).executeTakeFirstOrThrow()
  const fetched = new Date(v.fetched_at).toISOString().slice(0, 10)
  const { n } = await tx.selectFrom('assessment_row').select(sql<number>`coalesce(max(seq), 0)::int`.as('n')).where('intervention_id', '=', old.intervention_id).executeTakeFirstOrThrow()
  const id = `${old.intervention_id}/${n + 1}`
  const source = {
    url: v.final_url,
    document: `Page version #${v.id} of ${v.url} kept by the Perinatal Atlas page watch (fetched ${new Date(v.fetched_at).toISOString()}, sha256 ${v.content_hash.slice(0, 12)})`,
    retrievedAt: fetched,
    secondHand: false,
  }
  await tx.insertInto('assessment_row').values({
    id, intervention_id: old.intervention_id, seq: n + 1, clearinghouse_id: f.clearinghouse_id, scale_id: ch.watch.scale, level_id: level.id, native_level: f.proposed_native, tier_id: level.tier_id,
    // Same programme version and topic as the grade it follows, so it supersedes that one and only that one.
    scope: old.scope, applies_to: old.applies_to, topic: old.topic, review_date: null, edition: null,
    note: `Read by the page watch from page version #${v.id} (finding #${f.id}) and confirmed by a reviewer.`, quote: f.proposed_native, source: JSON.stringify(source), source_url: v.final_url, retrieved_at: fetched,
  }).execute()
  await refreshDerived(tx, old.intervention_id)
  const [iv, tiers] = await Promise.all([
    tx.selectFrom('intervention_row').select('name').where('id', '=', old.intervention_id).executeTakeFirstOrThrow(),
    tx.selectFrom('tier').select(['id', 'rank']).execute(),
  ])
  const rank = new Map(tiers.map((t) => [t.id, t.rank]))
  // Ranks count down from the strongest tier: a smaller rank is a better grade.
  const direction = rank.get(level.tier_id)! < rank.get(old.tier_id)! ? 'up' : rank.get(level.tier_id)! > rank.get(old.tier_id)! ? 'down' : 'same'
  await tx.insertInto('change_event').values({
    snapshot_id: null, page_version_id: v.id, clearinghouse_id: f.clearinghouse_id, kind: 'grade-changed', record_key: v.url, name: iv.name, intervention_id: old.intervention_id, match_kind: 'url',
    before: JSON.stringify({ nativeLevel: old.native_level, level: old.level_id, tier: old.tier_id, reviewDate: old.review_date }), after: JSON.stringify({ nativeLevel: f.proposed_native, level: level.id, tier: level.tier_id, reviewDate: null }),
    direction, changed_fields: [], assessment_id: id, retrieved_at: fetched,
  }).execute()
  return id
}

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
