import { sql, type Kysely } from 'kysely'

/**
 * Every change to the catalogue's meta rows (the revision among them) notifies `atlas_revision` when
 * its transaction commits, so each app instance can hold the revision in memory instead of reading it
 * on every request (revision.ts). Statement-level, so bulk writes and truncates notify once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function atlas_notify_revision() returns trigger language plpgsql as $$
    begin
      perform pg_notify('atlas_revision', '');
      return null;
    end $$`.execute(db)
  await sql`
    create trigger catalogue_meta_notify after insert or update or delete or truncate on catalogue_meta
    for each statement execute function atlas_notify_revision()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists catalogue_meta_notify on catalogue_meta`.execute(db)
  await sql`drop function if exists atlas_notify_revision()`.execute(db)
}
