import { snapshotQuote } from '../../domain/snapshot.ts'
import { sql, type Kysely } from 'kysely'
import { matchRecord, type Match, type MatchTarget } from '../../domain/matching.ts'
import type { ParsedSnapshot, SnapshotRecord } from '../../domain/snapshot.ts'
import { diffSnapshots } from '../../domain/snapshot-diff.ts'
import type { Database } from '../../store/database.ts'
import { refreshDerived } from '../../store/derived.ts'
import { recordAudit } from '../../store/audit.ts'
import { analyzeAfterBulkChange, bumpRevision, changeCatalogue } from '../../store/revision.ts'
import { currentAssessments } from '../../domain/harmonise.ts'
import { toTiered } from '../../store/interventions.ts'
import type { StoredEvent } from '../../store/changes.ts'
import { SnapshotOrderError, WithdrawalError } from '../../domain/errors.ts'

export interface ImportMeta {
  clearinghouse: string
  scale: string
  retrievedAt: string
  importedBy: string
}

export type ImportOutcome =
  | { imported: true; snapshotId: number; events: StoredEvent[]; assessmentsAdded: number; suggestions: number }
  | { imported: false; reason: string; snapshotId: number }

const CONFIRMED: Match['kind'][] = ['previous', 'url', 'name']


/** What matching compares a record with: every intervention's names and the URLs it is known by. */
async function matchTargets(db: Kysely<Database>, clearinghouse: string): Promise<MatchTarget[]> {
  const [ivs, urls] = await Promise.all([
    db.selectFrom('intervention').select(['id', 'name', 'acronyms', 'aliases', 'links']).execute(),
    db.selectFrom('assessment').select(['intervention_id', 'source_url']).where('clearinghouse_id', '=', clearinghouse).where('source_url', 'is not', null).execute(),
  ])
  return ivs.map((iv) => ({
    id: iv.id,
    names: [iv.name, ...iv.acronyms.filter((a) => a.length > 3), ...iv.aliases],
    urls: [...iv.links.map((l) => l.url), ...urls.filter((u) => u.intervention_id === iv.id).map((u) => u.source_url!)],
  }))
}

/**
 * Imports one parsed snapshot in a single transaction: the snapshot and its records (kept for
 * ever), their matches, the changes since the previous snapshot of the same portal, and — for
 * records matched with certainty — a new assessment wherever the grade differs from the current
 * one. The same file again changes nothing; an older snapshot than one already imported is refused.
 */
export async function importSnapshot(db: Kysely<Database>, parsed: ParsedSnapshot, meta: ImportMeta): Promise<ImportOutcome> {
  const outcome = await changeCatalogue(db, async (tx): Promise<ImportOutcome> => {
    await sql`select pg_advisory_xact_lock(4711002)`.execute(tx)
    // Withdrawn snapshots count for nothing: not as the same file, not as later, not as the previous one.
    const same = await tx.selectFrom('snapshot').select('id').where('clearinghouse_id', '=', meta.clearinghouse).where('checksum', '=', parsed.checksum).where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'snapshot.id')))).executeTakeFirst()
    if (same) return { imported: false, reason: `this file was already imported as snapshot #${same.id}`, snapshotId: same.id }
    const later = await tx.selectFrom('snapshot').select(['id', 'retrieved_at']).where('clearinghouse_id', '=', meta.clearinghouse).where('retrieved_at', '>', meta.retrievedAt).where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'snapshot.id')))).orderBy('retrieved_at', 'desc').executeTakeFirst()
    if (later) throw new SnapshotOrderError(`A later snapshot of ${meta.clearinghouse} (retrieved ${later.retrieved_at}, #${later.id}) is already imported; import snapshots in date order`)
    const previous = await tx.selectFrom('snapshot').select('id').where('clearinghouse_id', '=', meta.clearinghouse).where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'snapshot.id')))).orderBy('retrieved_at', 'desc').orderBy('id', 'desc').executeTakeFirst()
    const prevRows = previous ? await tx.selectFrom('snapshot_record').selectAll().where('snapshot_id', '=', previous.id).execute() : []
    const prevRecords: SnapshotRecord[] = prevRows.map((r) => ({ key: r.key, name: r.name, url: r.url, nativeLevel: r.native_level, level: r.level_id, tier: r.tier_id, reviewDate: r.review_date, fields: r.fields, line: r.line }))
    const prevMatch = new Map(prevRows.filter((r) => r.intervention_id && CONFIRMED.includes(r.match_kind)).map((r) => [r.key, r.intervention_id!]))
    // A reviewer's answers to earlier suggestions hold: a confirmed match is kept, a refused one not offered again.
    const decisions = await tx.selectFrom('monitor_decision').select(['record_key', 'decision', 'intervention_id']).where('clearinghouse_id', '=', meta.clearinghouse).where('change_event_id', 'is', null).execute()
    for (const d of decisions) if (d.decision === 'matched' && d.intervention_id) prevMatch.set(d.record_key, d.intervention_id)
    const refused = new Set(decisions.filter((d) => d.decision === 'not-matched').map((d) => d.record_key))

    const snapshot = await tx
      .insertInto('snapshot')
      .values({ clearinghouse_id: meta.clearinghouse, file_name: parsed.file, checksum: parsed.checksum, retrieved_at: meta.retrievedAt, imported_by: meta.importedBy, record_count: parsed.records.length })
      .returning('id')
      .executeTakeFirstOrThrow()

    const targets = await matchTargets(tx, meta.clearinghouse)
    // A record the previous snapshot already held under the same name keeps that snapshot's finding
    // (an editor's pending suggestion, or no match) instead of being fuzzy-matched again.
    const prevByKey = new Map(prevRows.map((r) => [r.key, r]))
    const matches = new Map(
      parsed.records.map((r): [string, Match] => {
        const prev = prevByKey.get(r.key)
        if (refused.has(r.key) && !prevMatch.has(r.key)) return [r.key, { kind: 'none' }]
        if (prev && !prevMatch.has(r.key) && prev.name === r.name)
          return [r.key, prev.match_kind === 'suggested' ? { kind: 'suggested', candidates: prev.suggestions } : { kind: 'none' }]
        return [r.key, matchRecord(r, prevMatch.get(r.key) ?? null, targets)]
      }),
    )
    // A confirmed match may not claim an intervention another record of this file already claimed.
    const claimed = new Map<string, string>()
    for (const r of parsed.records) {
      const m = matches.get(r.key)!
      if (m.kind === 'previous' || m.kind === 'url' || m.kind === 'name') {
        const other = claimed.get(m.intervention)
        if (other) matches.set(r.key, { kind: 'suggested', candidates: [{ intervention: m.intervention, similarity: 1 }] })
        else claimed.set(m.intervention, r.key)
      }
    }
    const interventionOf = (key: string) => {
      const m = matches.get(key)
      return m && (m.kind === 'previous' || m.kind === 'url' || m.kind === 'name') ? m.intervention : null
    }
    for (let i = 0; i < parsed.records.length; i += 500) {
      await tx
        .insertInto('snapshot_record')
        .values(
          parsed.records.slice(i, i + 500).map((r) => {
            const m = matches.get(r.key)!
            return {
              snapshot_id: snapshot.id, key: r.key, line: r.line, name: r.name, url: r.url, native_level: r.nativeLevel, level_id: r.level, tier_id: r.tier,
              review_date: r.reviewDate, fields: JSON.stringify(r.fields), intervention_id: interventionOf(r.key), match_kind: m.kind,
              suggestions: JSON.stringify(m.kind === 'suggested' ? m.candidates : []),
            }
          }),
        )
        .execute()
    }

    const tiers = await tx.selectFrom('tier').select(['id', 'rank']).execute()
    const events = diffSnapshots(prevRecords, parsed.records, new Map(tiers.map((t) => [t.id, t.rank])))
    const ch = await tx.selectFrom('clearinghouse').select(['short_name', 'url']).where('id', '=', meta.clearinghouse).executeTakeFirstOrThrow()

    // New grades of matched interventions join their assessment history; nothing is overwritten.
    const assessmentFor = new Map<string, string>()
    const touched = new Set<string>()
    for (const r of parsed.records) {
      const iv = interventionOf(r.key)
      if (!iv) continue
      // Already the current grade (in any topic) of this portal for the programme itself? Then nothing to add.
      const own = await tx.selectFrom('assessment').selectAll().where('intervention_id', '=', iv).where('clearinghouse_id', '=', meta.clearinghouse).where('scope', '=', 'programme').orderBy('seq').execute()
      if (currentAssessments(own.map(toTiered)).some((a) => a.scale === meta.scale && a.level === r.level)) continue
      const seq = (await tx.selectFrom('assessment').select(sql<number>`coalesce(max(seq), 0)::int`.as('n')).where('intervention_id', '=', iv).executeTakeFirstOrThrow()).n + 1
      const source = {
        ...(r.url ?? ch.url ? { url: r.url ?? ch.url! } : {}),
        document: `Snapshot "${parsed.file}" of ${ch.short_name} (sha256 ${parsed.checksum.slice(0, 12)}), line ${r.line}`,
        retrievedAt: meta.retrievedAt,
        secondHand: false,
      }
      const id = `${iv}/${seq}`
      await tx
        .insertInto('assessment')
        .values({
          id, intervention_id: iv, seq, clearinghouse_id: meta.clearinghouse, scale_id: meta.scale, level_id: r.level, native_level: r.nativeLevel, tier_id: r.tier,
          scope: 'programme', applies_to: null, topic: null, review_date: r.reviewDate, edition: null, note: `Recorded by the monitor from snapshot #${snapshot.id}.`, quote: snapshotQuote(r.name, r.nativeLevel),
          source: JSON.stringify(source), source_url: source.url ?? null, retrieved_at: meta.retrievedAt, snapshot_id: snapshot.id,
        })
        .execute()
      assessmentFor.set(r.key, id)
      touched.add(iv)
    }
    for (const iv of touched) await refreshDerived(tx, iv)

    // Events in batches: a first snapshot of a large portal is thousands of "added".
    const stored: StoredEvent[] = []
    for (let i = 0; i < events.length; i += 500) {
      const batch = events.slice(i, i + 500)
      const rows = await tx
        .insertInto('change_event')
        .values(
          batch.map((e) => {
            const iv = interventionOf(e.key) ?? prevMatch.get(e.key) ?? null
            return {
              snapshot_id: snapshot.id, clearinghouse_id: meta.clearinghouse, kind: e.kind, record_key: e.key, name: e.name, intervention_id: iv,
              match_kind: matches.get(e.key)?.kind ?? (iv ? 'previous' : 'none'), before: e.before ? JSON.stringify(e.before) : null, after: e.after ? JSON.stringify(e.after) : null,
              direction: e.direction, changed_fields: e.changedFields ?? [], assessment_id: e.kind === 'added' || e.kind === 'grade-changed' ? assessmentFor.get(e.key) ?? null : null,
              retrieved_at: meta.retrievedAt,
            }
          }),
        )
        .returning(['id', 'record_key', 'kind', 'intervention_id'])
        .execute()
      const idOf = new Map(rows.map((r) => [`${r.kind}\u0000${r.record_key}`, r]))
      for (const e of batch) {
        const row = idOf.get(`${e.kind}\u0000${e.key}`)!
        stored.push({ ...e, id: row.id, clearinghouse: meta.clearinghouse, intervention: row.intervention_id, match: matches.get(e.key)?.kind ?? 'none', retrievedAt: meta.retrievedAt })
      }
    }
    await bumpRevision(tx)
    return { imported: true, snapshotId: snapshot.id, events: stored, assessmentsAdded: assessmentFor.size, suggestions: [...matches.values()].filter((m) => m.kind === 'suggested').length }
  })
  // A large first snapshot changes the tables' shape: let the planner know.
  if (outcome.imported && parsed.records.length >= 1000) await analyzeAfterBulkChange(db)
  return outcome
}


/**
 * Withdraws a wrongly imported snapshot, decided by a reviewer with a reason. The snapshot and its
 * records stay as they were (immutable); the withdrawal hides them, their change events and the
 * grades they added from every page, feed and later import, and is in the audit trail. Only the
 * portal's latest snapshot can be withdrawn (later ones were diffed against it).
 */
export async function withdrawSnapshot(db: Kysely<Database>, actor: { email: string }, snapshotId: number, reason: string): Promise<{ grades: number; events: number }> {
  const why = reason.trim()
  if (why.length < 10 || why.length > 1000) throw new WithdrawalError('Say why the snapshot is withdrawn (10 to 1000 characters).', 400)
  return changeCatalogue(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(4711002)`.execute(tx)
    const snap = await tx.selectFrom('snapshot').selectAll().where('id', '=', snapshotId).executeTakeFirst()
    if (!snap) throw new WithdrawalError(`There is no snapshot #${snapshotId}.`, 404)
    const done = await tx.selectFrom('snapshot_withdrawal').select('withdrawn_by').where('snapshot_id', '=', snapshotId).executeTakeFirst()
    if (done) throw new WithdrawalError(`Snapshot #${snapshotId} was already withdrawn by ${done.withdrawn_by}.`)
    const newer = await tx
      .selectFrom('snapshot')
      .select('id')
      .where('clearinghouse_id', '=', snap.clearinghouse_id)
      .where((eb) => eb.or([eb('retrieved_at', '>', snap.retrieved_at), eb.and([eb('retrieved_at', '=', snap.retrieved_at), eb('id', '>', snap.id)])]))
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('snapshot_withdrawal as w').select('w.snapshot_id').whereRef('w.snapshot_id', '=', 'snapshot.id'))))
      .executeTakeFirst()
    if (newer) throw new WithdrawalError(`Snapshot #${newer.id} of ${snap.clearinghouse_id} came after #${snapshotId}; withdraw the latest first.`)
    const touched = await tx.selectFrom('assessment_row').select('intervention_id').distinct().where('snapshot_id', '=', snapshotId).execute()
    const grades = (await tx.selectFrom('assessment_row').select(sql<number>`count(*)::int`.as('n')).where('snapshot_id', '=', snapshotId).executeTakeFirstOrThrow()).n
    const events = (await tx.selectFrom('change_event').select(sql<number>`count(*)::int`.as('n')).where('snapshot_id', '=', snapshotId).executeTakeFirstOrThrow()).n
    await tx.insertInto('snapshot_withdrawal').values({ snapshot_id: snapshotId, reason: why, withdrawn_by: actor.email }).execute()
    for (const t of touched) await refreshDerived(tx, t.intervention_id)
    await recordAudit(tx, {
      actor: actor.email, action: 'snapshot.withdraw', kind: 'snapshot', recordId: String(snapshotId),
      before: { clearinghouse: snap.clearinghouse_id, file: snap.file_name, retrievedAt: snap.retrieved_at, records: snap.record_count, grades, events },
      note: why,
    })
    await bumpRevision(tx)
    return { grades, events }
  })
}
