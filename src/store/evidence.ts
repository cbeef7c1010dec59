import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely'
import type { Database, EvidenceStatementTable } from './database.ts'
import { perRevision } from './revision-cache.ts'

export function toStatement(s: Selectable<EvidenceStatementTable>) {
  return {
    id: s.id,
    set: s.set_id,
    factor: s.factor,
    outcome: s.outcome,
    population: s.population,
    direction: s.direction,
    statement: s.statement,
    needs: s.need_ids,
    citations: s.citations,
  }
}

export interface EvidenceQuery {
  need?: string[]
  factor?: string[]
}

export async function listEvidence(db: Kysely<Database>, query: EvidenceQuery) {
  let q = db.selectFrom('evidence_statement').selectAll()
  if (query.need?.length) q = q.where(sql<SqlBool>`need_ids && ${query.need}::text[]`)
  if (query.factor?.length) q = q.where('factor', 'in', query.factor)
  const [rows, sets] = await Promise.all([
    q.orderBy('set_id').orderBy('position').execute(),
    db.selectFrom('evidence_set').selectAll().orderBy('id').execute(),
  ])
  return {
    total: rows.length,
    sets: sets.map((s) => ({ id: s.id, title: s.title, source: s.source })),
    statements: rows.map(toStatement),
  }
}

/** Every statement, once per revision (the finder picks those about the chosen needs from it). */
export const allEvidence = (db: Kysely<Database>) => perRevision(db, 'evidence:all', () => listEvidence(db, {}))
