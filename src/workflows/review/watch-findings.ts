import { sql, type Kysely } from 'kysely'
import type { Actor } from '../../domain/roles.ts'
import { recordAudit } from '../../store/audit.ts'
import type { Database } from '../../store/database.ts'
import { refreshDerived } from '../../store/derived.ts'
import { EditorialError } from '../../domain/errors.ts'
import { bumpRevision, changeCatalogue } from '../../store/revision.ts'

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

/**
 * A reviewer's answer to a watch finding. Confirming a regrade adds the new grade (sourced to the
 * page version, quoting the words that state it) after the old one, which stays as dated history,
 * and writes a change event for /changes and its feeds. Nothing of a finding is public before this.
 */
export async function decideWatchFinding(db: Kysely<Database>, actor: Actor, id: number, decision: 'confirmed' | 'dismissed', note: string): Promise<{ assessment: string | null }> {
  return changeCatalogue(db, async (tx) => {
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
