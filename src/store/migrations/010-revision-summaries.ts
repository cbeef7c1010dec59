import { sql, type Kysely } from 'kysely'

/**
 * Summaries of a catalogue revision worked out from the whole catalogue (the headline numbers, the
 * home page's facet counts), kept with the revision they describe. A start with an existing
 * database reads them in one small statement instead of scanning every programme and grade (at
 * 5,000 programmes those two scans were ~400 ms of a cold start's first page). Derived data only:
 * not backed up, and recomputed whenever the revision is not the current one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table revision_summary (key text primary key, revision bigint not null, value jsonb not null)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table revision_summary`.execute(db)
}
