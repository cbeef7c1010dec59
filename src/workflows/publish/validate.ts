import { interventionIssues, type DataIssue } from '../../domain/catalogue.ts'
import type { Clearinghouse } from '../../domain/clearinghouse.ts'
import type { Intervention } from '../../domain/intervention.ts'
import type { Need } from '../../domain/need.ts'
import { DOCUMENT_SCHEMAS, LIMITS, type RecordKind, type StatementDocument } from '../../domain/record-kinds.ts'
import type { Db } from '../../store/database.ts'
import { readInterventionReferences, readReferenceIds, type InterventionReferenceRows } from '../../store/documents.ts'

export type Validated = { ok: true; doc: unknown; refs?: InterventionReferenceRows } | { ok: false; issues: DataIssue[] }

/**
 * Validates a proposed document as the data files are validated: its schema, then each reference it
 * makes against what it points at — read in one statement, not the whole catalogue. For an
 * intervention the references read come back too (`refs`), so writing it needs no second read.
 */
export async function validateDocument(db: Db, kind: RecordKind, id: string, proposed: unknown): Promise<Validated> {
  const file = `${kind}/${id}`
  if (JSON.stringify(proposed ?? null).length > LIMITS.document) return { ok: false, issues: [{ file, path: '', message: `the record is larger than ${LIMITS.document} characters` }] }
  const parsed = DOCUMENT_SCHEMAS[kind].safeParse(proposed)
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })) }
  const doc = parsed.data as { id: string }
  if (doc.id !== id) return { ok: false, issues: [{ file, path: 'id', message: `expected "${id}": a record's id cannot change (archive it and create a new one)` }] }
  if (kind === 'intervention') {
    const iv = doc as Intervention
    const refs = await readInterventionReferences(db, iv)
    const issues = interventionIssues(iv, file, {
      needIds: new Set(refs.needs.map((n) => n.id)),
      clearinghouses: new Map(refs.clearinghouses.map((c) => [c.id, c])),
      reports: new Map(refs.reports.map((r) => [r.id, r])),
      positions: new Map(refs.taken.map((t) => [t.key, t.id])),
    })
    return issues.length ? { ok: false, issues } : { ok: true, doc, refs }
  }
  const ids = await readReferenceIds(db, kind === 'clearinghouse' ? id : undefined)
  const issues: DataIssue[] = []
  const expect = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ file, path, message })
  }
  switch (kind) {
    case 'need': {
      const n = doc as Need
      expect(ids.domains.includes(n.domain), 'domain', `expected one of the domains (${ids.domains.join(', ')}), got "${n.domain}"`)
      break
    }
    case 'evidence-statement': {
      const s = doc as StatementDocument
      expect(ids.sets.includes(s.set), 'set', `expected an evidence set (${ids.sets.join(', ')}), got "${s.set}"`)
      s.needs.forEach((n, j) => expect(ids.needs.includes(n), `needs.${j}`, `expected a need id, got "${n}"`))
      break
    }
    case 'clearinghouse': {
      const ch = doc as Clearinghouse
      ch.scales.forEach((s, i) => s.levels.forEach((l, j) => expect(ids.tiers.includes(l.tier), `scales.${i}.levels.${j}.tier`, `expected a tier (${ids.tiers.join(', ')}), got "${l.tier}"`)))
      // A scale or level that grades use cannot go: those grades would point at nothing.
      for (const u of ids.used) {
        const scale = ch.scales.find((s) => s.id === u.scale)
        expect(scale !== undefined, 'scales', `scale "${u.scale}" is used by ${u.n} assessment(s); it cannot be removed`)
        if (scale && u.level !== null) expect(scale.levels.some((l) => l.id === u.level), 'scales', `level "${u.level}" of scale "${u.scale}" is used by ${u.n} assessment(s); it cannot be removed`)
      }
      break
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, doc }
}
