import { sql, type Kysely } from 'kysely'

/** Clearinghouse snapshots (immutable), their parsed records, and the change events between them. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table snapshot (
      id serial primary key,
      clearinghouse_id text not null references clearinghouse(id),
      file_name text not null,
      checksum text not null,
      retrieved_at text not null check (retrieved_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      imported_at timestamptz not null default now(),
      imported_by text not null,
      record_count int not null,
      unique (clearinghouse_id, checksum)
    )`.execute(db)
  await sql`
    create table snapshot_record (
      snapshot_id int not null references snapshot(id),
      key text not null,
      line int not null,
      name text not null,
      url text,
      native_level text not null,
      level_id text not null,
      tier_id text not null,
      review_date text,
      fields jsonb not null,
      intervention_id text references intervention(id) on delete set null,
      match_kind text not null check (match_kind in ('previous', 'url', 'name', 'suggested', 'none')),
      suggestions jsonb not null default '[]',
      primary key (snapshot_id, key)
    )`.execute(db)
  await sql`
    create table change_event (
      id serial primary key,
      snapshot_id int not null references snapshot(id),
      clearinghouse_id text not null references clearinghouse(id),
      kind text not null check (kind in ('added', 'delisted', 'grade-changed', 'review-date-changed', 'fields-changed')),
      record_key text not null,
      name text not null,
      intervention_id text references intervention(id) on delete set null,
      match_kind text not null,
      before jsonb,
      after jsonb,
      direction text check (direction in ('up', 'down', 'same')),
      changed_fields text[] not null default '{}',
      assessment_id text references assessment(id) on delete set null,
      retrieved_at text not null,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index change_event_recent on change_event (retrieved_at desc, id desc)`.execute(db)
  await sql`create index change_event_intervention on change_event (intervention_id)`.execute(db)
  // Snapshots are immutable: the database refuses to change or delete them.
  await sql`
    create or replace function atlas_immutable() returns trigger language plpgsql as $$
    begin raise exception 'snapshots are immutable (%.%)', TG_TABLE_NAME, TG_OP; end $$`.execute(db)
  await sql`create trigger snapshot_immutable before update or delete on snapshot for each row execute function atlas_immutable()`.execute(db)
  await sql`create trigger snapshot_record_immutable before update or delete on snapshot_record for each row execute function atlas_immutable()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists change_event`.execute(db)
  await sql`drop table if exists snapshot_record`.execute(db)
  await sql`drop table if exists snapshot`.execute(db)
  await sql`drop function if exists atlas_immutable()`.execute(db)
}
