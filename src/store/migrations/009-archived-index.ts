import { sql, type Kysely } from 'kysely'

/**
 * The live views (`assessment`, `intervention_need`, `report_inclusion`) leave out rows of archived
 * interventions with `not exists (… intervention_row where archived_at is not null)`. Without an
 * index that scanned the whole intervention table (139 MB at 50,000) on every read of a view: a
 * clearinghouse page took seconds. A partial index holds only the archived few.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index intervention_row_archived on intervention_row (id) where archived_at is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index intervention_row_archived`.execute(db)
}
