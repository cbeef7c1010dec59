import { sql, type Kysely } from 'kysely'
import { sameJson } from '../../src/domain/document-diff.ts'
import type { RecordKind } from '../../src/domain/record-kinds.ts'
import type { Database } from '../../src/store/database.ts'
import { readDocument } from '../../src/store/documents.ts'

/**
 * What must hold in any database the atlas wrote, however it was stopped or copied: every version
 * points at a published draft and every published draft has its version; each record's public state
 * is its latest version; every snapshot holds the records it counts. Returns what does not hold.
 */
export async function inconsistencies(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = []
  const orphanVersions = await sql<{ kind: string; record_id: string; version: number; status: string }>`
    select v.kind, v.record_id, v.version, d.status from record_version v join draft d on d.id = v.draft_id where d.status <> 'published'`.execute(db)
  for (const v of orphanVersions.rows) problems.push(`version ${v.kind}/${v.record_id} v${v.version} points at a draft that is ${v.status}`)
  const unversioned = await sql<{ id: number }>`
    select d.id from draft d where d.status = 'published' and not exists (select 1 from record_version v where v.draft_id = d.id)`.execute(db)
  for (const d of unversioned.rows) problems.push(`draft #${d.id} is published but has no version`)
  const latest = await sql<{ kind: string; record_id: string; action: string; document: unknown; version: number }>`
    select distinct on (kind, record_id) kind, record_id, action, document, version from record_version order by kind, record_id, version desc`.execute(db)
  for (const v of latest.rows) {
    const live = await readDocument(db, v.kind as RecordKind, v.record_id)
    if (v.action === 'archive' ? live !== undefined : !sameJson(live ?? null, v.document)) problems.push(`${v.kind}/${v.record_id}: the public record disagrees with its latest version (v${v.version}, ${v.action})`)
  }
  const counts = await sql<{ id: number; record_count: number; n: number }>`
    select s.id, s.record_count, (select count(*)::int from snapshot_record r where r.snapshot_id = s.id) as n from snapshot s`.execute(db)
  for (const s of counts.rows) if (s.n !== s.record_count) problems.push(`snapshot #${s.id} counts ${s.record_count} records but holds ${s.n}`)
  return problems
}
