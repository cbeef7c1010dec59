import { sql, type QueryCreator, type Transaction } from 'kysely'
import type { Clearinghouse } from '../../domain/clearinghouse.ts'
import type { Intervention } from '../../domain/intervention.ts'
import type { Need } from '../../domain/need.ts'
import type { RecordKind, StatementDocument } from '../../domain/record-kinds.ts'
import { interventionChildRows, interventionColumns } from '../../store/catalogue-writer.ts'
import type { Database } from '../../store/database.ts'
import { readInterventionReferences, type InterventionReferenceRows } from '../../store/documents.ts'
import { refreshDerived } from '../../store/derived.ts'
import { EditorialError } from '../../domain/errors.ts'

type Tx = Transaction<Database>
const json = (v: unknown) => JSON.stringify(v)

/** Writes a validated document over the published record (or creates it), in place, so links to it hold. */
export async function applyDocument(tx: Tx, kind: RecordKind, doc: unknown, refs?: InterventionReferenceRows): Promise<void> {
  switch (kind) {
    case 'intervention':
      return applyIntervention(tx, doc as Intervention, refs)
    case 'need':
      return applyNeed(tx, doc as Need)
    case 'evidence-statement':
      return applyStatement(tx, doc as StatementDocument)
    case 'clearinghouse':
      return applyClearinghouse(tx, doc as Clearinghouse)
  }
}

/**
 * An intervention in four statements: its row, then each child table brought to the document's
 * rows in one statement (rows it no longer has deleted, the rest upserted — disjoint rows, so one
 * statement may do both). Assessments keep their ids by position, so the monitor's events still
 * point at them. The references come from validation, so nothing is read twice.
 */
async function applyIntervention(tx: Tx, iv: Intervention, known?: InterventionReferenceRows): Promise<void> {
  const refs = known ?? (await readInterventionReferences(tx, iv))
  const chs = new Map(refs.clearinghouses.map((c) => [c.id, c as unknown as Clearinghouse]))
  const { tiered, row } = interventionColumns(iv, chs, { needs: { domains: [], needs: refs.needs as Need[] }, tiers: { tiers: refs.tiers } as never })
  const rows = interventionChildRows(iv, tiered)
  await tx.insertInto('intervention_row').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ ...row, archived_at: null })).execute()

  const needIds = rows.needs.map((n) => n.need_id)
  const staleNeeds = (db: QueryCreator<Database>) => db.deleteFrom('intervention_need_row').where('intervention_id', '=', iv.id).where((eb) => (needIds.length ? eb('need_id', 'not in', needIds) : eb.lit(true)))
  if (rows.needs.length)
    await tx.with('gone', staleNeeds).insertInto('intervention_need_row').values(rows.needs)
      .onConflict((oc) => oc.columns(['intervention_id', 'need_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), basis: eb.ref('excluded.basis') }))).execute()
  else await staleNeeds(tx).execute()

  const reportIds = rows.inclusions.map((r) => r.report_id)
  const staleInclusions = (db: QueryCreator<Database>) => db.deleteFrom('report_inclusion_row').where('intervention_id', '=', iv.id).where((eb) => (reportIds.length ? eb('report_id', 'not in', reportIds) : eb.lit(true)))
  if (rows.inclusions.length)
    await tx.with('gone', staleInclusions).insertInto('report_inclusion_row').values(rows.inclusions)
      .onConflict((oc) => oc.columns(['report_id', 'intervention_id']).doUpdateSet((eb) => ({ group_id: eb.ref('excluded.group_id'), position: eb.ref('excluded.position'), name_in_report: eb.ref('excluded.name_in_report'), marks: eb.ref('excluded.marks') }))).execute()
  else await staleInclusions(tx).execute()

  const staleAssessments = (db: QueryCreator<Database>) => db.deleteFrom('assessment_row').where('intervention_id', '=', iv.id).where('seq', '>', rows.assessments.length)
  if (rows.assessments.length) {
    const columns = Object.keys(rows.assessments[0]!).filter((c) => c !== 'id') as (keyof (typeof rows.assessments)[number])[]
    await tx.with('gone', staleAssessments).insertInto('assessment_row').values(rows.assessments)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])) as never)).execute()
  } else await staleAssessments(tx).execute()
}

async function applyNeed(tx: Tx, n: Need): Promise<void> {
  const values = { domain_id: n.domain, kind: n.kind, name: json(n.name), description: json(n.description), source: json(n.source) }
  const exists = await tx.selectFrom('need').select('id').where('id', '=', n.id).executeTakeFirst()
  if (exists) await tx.updateTable('need').set(values).where('id', '=', n.id).execute()
  else {
    const { p } = await tx.selectFrom('need').select(sql<number>`coalesce(max(position), 0)::int + 1`.as('p')).executeTakeFirstOrThrow()
    await tx.insertInto('need').values({ id: n.id, position: p, ...values }).execute()
  }
}

async function applyStatement(tx: Tx, s: StatementDocument): Promise<void> {
  const values = { set_id: s.set, factor: s.factor, outcome: s.outcome, population: s.population, direction: s.direction, statement: json(s.statement), need_ids: s.needs, citations: json(s.citations) }
  const exists = await tx.selectFrom('evidence_statement').select(['id', 'set_id']).where('id', '=', s.id).executeTakeFirst()
  if (exists && exists.set_id === s.set) await tx.updateTable('evidence_statement').set(values).where('id', '=', s.id).execute()
  else {
    if (exists) await tx.deleteFrom('evidence_statement').where('id', '=', s.id).execute()
    const { p } = await tx.selectFrom('evidence_statement').select(sql<number>`coalesce(max(position), 0)::int + 1`.as('p')).where('set_id', '=', s.set).executeTakeFirstOrThrow()
    await tx.insertInto('evidence_statement').values({ id: s.id, position: p, ...values }).execute()
  }
}

async function applyClearinghouse(tx: Tx, ch: Clearinghouse): Promise<void> {
  const values = { name: ch.name, short_name: ch.shortName, country: ch.country, region: ch.region, kind: ch.kind, url: ch.url, status: ch.status, description: json(ch.description), notes: json(ch.notes), source: json(ch.source), watch: ch.watch ? json(ch.watch) : null }
  const exists = await tx.selectFrom('clearinghouse').select('id').where('id', '=', ch.id).executeTakeFirst()
  if (exists) await tx.updateTable('clearinghouse').set(values).where('id', '=', ch.id).execute()
  else {
    const { p } = await tx.selectFrom('clearinghouse').select(sql<number>`coalesce(max(position), 0)::int + 1`.as('p')).executeTakeFirstOrThrow()
    await tx.insertInto('clearinghouse').values({ id: ch.id, position: p, ...values }).execute()
  }
  // A scale or level that grades still use cannot go: say which, rather than fail on a foreign key.
  const used = await tx.selectFrom('assessment_row').select(['scale_id', 'level_id', sql<number>`count(*)::int`.as('n')]).where('clearinghouse_id', '=', ch.id).groupBy(['scale_id', 'level_id']).execute()
  for (const u of used) {
    const scale = ch.scales.find((s) => s.id === u.scale_id)
    if (!scale) throw new EditorialError(`Scale "${u.scale_id}" of ${ch.id} is used by ${u.n} assessment(s); it cannot be removed.`)
    if (u.level_id !== null && !scale.levels.some((l) => l.id === u.level_id))
      throw new EditorialError(`Level "${u.level_id}" of scale "${u.scale_id}" of ${ch.id} is used by ${u.n} assessment(s); it cannot be removed.`)
  }
  const keepScales = ch.scales.map((s) => s.id)
  await tx.deleteFrom('scale_level').where('clearinghouse_id', '=', ch.id).where((eb) => (keepScales.length ? eb('scale_id', 'not in', keepScales) : eb.lit(true))).execute()
  await tx.deleteFrom('rating_scale').where('clearinghouse_id', '=', ch.id).where((eb) => (keepScales.length ? eb('id', 'not in', keepScales) : eb.lit(true))).execute()
  for (const [i, s] of ch.scales.entries()) {
    const scaleValues = { position: i + 1, name: json(s.name), in_use_from: s.inUseFrom, in_use_until: s.inUseUntil, note: s.note ?? null, source: json(s.source) }
    await tx
      .insertInto('rating_scale')
      .values({ clearinghouse_id: ch.id, id: s.id, ...scaleValues })
      .onConflict((oc) => oc.columns(['clearinghouse_id', 'id']).doUpdateSet(scaleValues))
      .execute()
    const keepLevels = s.levels.map((l) => l.id)
    await tx.deleteFrom('scale_level').where('clearinghouse_id', '=', ch.id).where('scale_id', '=', s.id).where((eb) => (keepLevels.length ? eb('id', 'not in', keepLevels) : eb.lit(true))).execute()
    for (const [j, l] of s.levels.entries()) {
      const levelValues = { position: j + 1, native_name: l.nativeName, gloss: l.gloss ? json(l.gloss) : null, tier_id: l.tier, rationale: l.rationale }
      await tx
        .insertInto('scale_level')
        .values({ clearinghouse_id: ch.id, scale_id: s.id, id: l.id, ...levelValues })
        .onConflict((oc) => oc.columns(['clearinghouse_id', 'scale_id', 'id']).doUpdateSet(levelValues))
        .execute()
    }
  }
  // A changed tier mapping re-tiers every grade on that scale, and the best tiers that rest on them.
  await sql`
    update assessment_row a set tier_id = l.tier_id from scale_level l
    where a.clearinghouse_id = ${ch.id} and l.clearinghouse_id = a.clearinghouse_id and l.scale_id = a.scale_id and l.id = a.level_id and a.tier_id <> l.tier_id`.execute(tx)
  const affected = await tx.selectFrom('assessment').select('intervention_id').distinct().where('clearinghouse_id', '=', ch.id).execute()
  for (const a of affected) await refreshDerived(tx, a.intervention_id)
}

/**
 * Archives a published record: hidden from the public, never erased (its versions stay, and an
 * intervention's row stays behind the views). A need or clearinghouse still in use is refused.
 */
export async function archiveRecord(tx: Tx, kind: RecordKind, id: string): Promise<void> {
  switch (kind) {
    case 'intervention': {
      await tx.updateTable('intervention_row').set({ archived_at: new Date() }).where('id', '=', id).execute()
      return
    }
    case 'need': {
      const users = await tx.selectFrom('intervention_need_row').select('intervention_id').where('need_id', '=', id).execute()
      const statements = await tx.selectFrom('evidence_statement').select('id').where(sql<boolean>`${id} = any(need_ids)`).execute()
      const reports = await tx.selectFrom('report_table').select('id').where(sql<boolean>`columns @> ${json([{ need: id }])}::jsonb`).execute()
      const inUse = [...users.map((u) => `intervention ${u.intervention_id}`), ...statements.map((s) => `evidence statement ${s.id}`), ...reports.map((r) => `report table ${r.id}`)]
      if (inUse.length) throw new EditorialError(`The need "${id}" is still used by ${inUse.join(', ')}; change those first.`)
      await tx.deleteFrom('need').where('id', '=', id).execute()
      return
    }
    case 'evidence-statement':
      await tx.deleteFrom('evidence_statement').where('id', '=', id).execute()
      return
    case 'clearinghouse': {
      const { n } = await tx.selectFrom('assessment_row').select(sql<number>`count(*)::int`.as('n')).where('clearinghouse_id', '=', id).executeTakeFirstOrThrow()
      const { s } = await tx.selectFrom('snapshot').select(sql<number>`count(*)::int`.as('s')).where('clearinghouse_id', '=', id).executeTakeFirstOrThrow()
      if (n || s) throw new EditorialError(`The clearinghouse "${id}" still has ${n} assessment(s) and ${s} snapshot(s); it cannot be archived.`)
      await tx.deleteFrom('clearinghouse').where('id', '=', id).execute()
      return
    }
  }
}
