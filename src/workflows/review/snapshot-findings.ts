import { snapshotQuote } from '../../domain/snapshot.ts'
import { sql, type Kysely } from 'kysely'
import type { Actor } from '../../domain/roles.ts'
import { recordAudit } from '../../store/audit.ts'
import type { Database } from '../../store/database.ts'
import { refreshDerived } from '../../store/derived.ts'
import { EditorialError } from '../../domain/errors.ts'
import { bumpRevision, changeCatalogue } from '../../store/revision.ts'
import { pendingMatches } from '../../store/review-queue.ts'

/**
 * A reviewer's answer to a suggested match. "Matched" links the record to the intervention and adds
 * its grade to the intervention's history (published at once: the reviewer is the second person);
 * later snapshots keep the link. "Not matched" stops the suggestion coming back.
 */
export async function decideMatch(db: Kysely<Database>, actor: Actor, input: { clearinghouse: string; key: string; intervention: string | null }): Promise<void> {
  await changeCatalogue(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(4711002)`.execute(tx)
    const pending = (await pendingMatches(tx as unknown as Kysely<Database>)).find((p) => p.clearinghouse_id === input.clearinghouse && p.key === input.key)
    if (!pending) throw new EditorialError('This finding was already decided, or is no longer in the latest snapshot.')
    if (input.intervention !== null) {
      const iv = await tx.selectFrom('intervention').select('id').where('id', '=', input.intervention).executeTakeFirst()
      if (!iv) throw new EditorialError(`There is no published intervention "${input.intervention}".`, 400)
      const rec = await tx.selectFrom('snapshot_record').selectAll().where('snapshot_id', '=', pending.snapshot_id).where('key', '=', input.key).executeTakeFirstOrThrow()
      const scale = await tx.selectFrom('scale_level').select('scale_id').where('clearinghouse_id', '=', input.clearinghouse).where('id', '=', rec.level_id).orderBy('scale_id').executeTakeFirstOrThrow()
      const ch = await tx.selectFrom('clearinghouse').select(['short_name', 'url']).where('id', '=', input.clearinghouse).executeTakeFirstOrThrow()
      const { n } = await tx.selectFrom('assessment_row').select(sql<number>`coalesce(max(seq), 0)::int`.as('n')).where('intervention_id', '=', input.intervention).executeTakeFirstOrThrow()
      const source = { ...(rec.url ?? ch.url ? { url: rec.url ?? ch.url! } : {}), document: `Snapshot "${pending.file_name}" of ${ch.short_name}, line ${rec.line}`, retrievedAt: pending.retrieved_at, secondHand: false }
      await tx.insertInto('assessment_row').values({
        id: `${input.intervention}/${n + 1}`, intervention_id: input.intervention, seq: n + 1, clearinghouse_id: input.clearinghouse, scale_id: scale.scale_id, level_id: rec.level_id,
        native_level: rec.native_level, tier_id: rec.tier_id, scope: 'programme', applies_to: null, topic: null, review_date: rec.review_date, edition: null,
        note: `Match confirmed by a reviewer from snapshot #${pending.snapshot_id}.`, quote: snapshotQuote(rec.name, rec.native_level), source: JSON.stringify(source), source_url: source.url ?? null, retrieved_at: pending.retrieved_at,
      }).execute()
      await refreshDerived(tx, input.intervention)
      await bumpRevision(tx)
    }
    await tx.insertInto('monitor_decision').values({ clearinghouse_id: input.clearinghouse, record_key: input.key, change_event_id: null, decision: input.intervention ? 'matched' : 'not-matched', intervention_id: input.intervention, decided_by: actor.email, note: null }).execute()
    await recordAudit(tx, { actor: actor.email, action: input.intervention ? 'monitor.match' : 'monitor.no-match', kind: 'intervention', recordId: input.intervention ?? undefined, after: { clearinghouse: input.clearinghouse, record: input.key, name: pending.name }, note: `snapshot #${pending.snapshot_id}` })
  })
}

/** A reviewer checks a grade change the monitor recorded: confirmed, or disputed with a note for the editors. */
export async function decideGradeChange(db: Kysely<Database>, actor: Actor, eventId: number, decision: 'confirmed' | 'disputed', note: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const e = await tx.selectFrom('change_event').selectAll().where('id', '=', eventId).where('kind', '=', 'grade-changed').executeTakeFirst()
    if (!e) throw new EditorialError('There is no such grade change.', 404)
    const done = await tx.selectFrom('monitor_decision').select('decision').where('change_event_id', '=', eventId).executeTakeFirst()
    if (done) throw new EditorialError(`This grade change was already ${done.decision}.`)
    await tx.insertInto('monitor_decision').values({ clearinghouse_id: e.clearinghouse_id, record_key: e.record_key, change_event_id: eventId, decision, intervention_id: e.intervention_id, decided_by: actor.email, note: note || null }).execute()
    await recordAudit(tx, { actor: actor.email, action: `monitor.grade-${decision}`, kind: 'intervention', recordId: e.intervention_id ?? undefined, before: e.before, after: e.after, note: note || undefined })
  })
}
