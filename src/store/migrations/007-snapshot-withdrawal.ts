import { sql, type Kysely } from 'kysely'

/**
 * A wrongly imported snapshot (a wrong date, the wrong portal's file) is withdrawn, never deleted:
 * snapshots stay immutable, and a withdrawal record — with its reason, the reviewer who decided it and
 * when — hides the snapshot, its change events and the grades it added. Grades now say which
 * snapshot recorded them (filled in for earlier ones from their note).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table snapshot_withdrawal (
      snapshot_id int primary key references snapshot(id),
      reason text not null,
      withdrawn_by text not null,
      withdrawn_at timestamptz not null default now()
    )`.execute(db)
  // The same file may be imported again once its wrongly dated import is withdrawn: "already imported"
  // is checked by the importer (under its lock) among snapshots not withdrawn.
  await sql`alter table snapshot drop constraint if exists snapshot_clearinghouse_id_checksum_key`.execute(db)
  await sql`create index snapshot_checksum on snapshot (clearinghouse_id, checksum)`.execute(db)
  await sql`alter table assessment_row add column snapshot_id int references snapshot(id)`.execute(db)
  await sql`
    update assessment_row set snapshot_id = (substring(note from 'from snapshot #([0-9]+)'))::int
    where note like 'Recorded by the monitor from snapshot #%'
      and exists (select 1 from snapshot s where s.id = (substring(note from 'from snapshot #([0-9]+)'))::int)`.execute(db)
  await sql`
    create or replace view assessment as select * from assessment_row r
    where not exists (select 1 from intervention_row i where i.id = r.intervention_id and i.archived_at is not null)
      and not exists (select 1 from snapshot_withdrawal w where w.snapshot_id = r.snapshot_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view assessment`.execute(db)
  await sql`alter table assessment_row drop column snapshot_id`.execute(db)
  await sql`
    create view assessment as select * from assessment_row r
    where not exists (select 1 from intervention_row i where i.id = r.intervention_id and i.archived_at is not null)`.execute(db)
  await sql`drop table snapshot_withdrawal`.execute(db)
  await sql`drop index snapshot_checksum`.execute(db)
  await sql`alter table snapshot add constraint snapshot_clearinghouse_id_checksum_key unique (clearinghouse_id, checksum)`.execute(db)
}
