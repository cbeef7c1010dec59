import { sql, type Kysely } from 'kysely'

/**
 * The editorial area: accounts and server-side sessions, drafts awaiting review, every published
 * version of every record, the audit trail, and the review of the monitor's findings.
 *
 * Archiving an intervention hides it without erasing it: the tables become `*_row` and the old
 * names become views of what is not archived, so every public query sees published, live data only
 * and the monitor's links to an archived intervention survive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table intervention rename to intervention_row`.execute(db)
  await sql`alter table intervention_row add column archived_at timestamptz`.execute(db)
  await sql`create view intervention as select * from intervention_row where archived_at is null`.execute(db)
  for (const t of ['assessment', 'intervention_need', 'report_inclusion']) {
    await sql`alter table ${sql.table(t)} rename to ${sql.table(`${t}_row`)}`.execute(db)
    await sql`
      create view ${sql.table(t)} as select * from ${sql.table(`${t}_row`)} r
      where not exists (select 1 from intervention_row i where i.id = r.intervention_id and i.archived_at is not null)`.execute(db)
  }

  await sql`
    create table app_user (
      id serial primary key,
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      role text not null check (role in ('admin', 'editor', 'reviewer')),
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db)
  // Only a digest of the session token is stored: a copy of the database cannot sign anyone in.
  await sql`
    create table user_session (
      token_hash text primary key,
      user_id int not null references app_user(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index user_session_user on user_session (user_id)`.execute(db)
  // Failed sign-ins by account and by address (as digests), shared by every app instance.
  await sql`create table login_failure (key text not null, at timestamptz not null default now())`.execute(db)
  await sql`create index login_failure_key on login_failure (key, at)`.execute(db)

  await sql`
    create table draft (
      id serial primary key,
      kind text not null check (kind in ('intervention', 'need', 'evidence-statement', 'clearinghouse')),
      record_id text not null,
      action text not null check (action in ('create', 'update', 'archive')),
      document jsonb not null,
      -- The published record when the draft was begun: publishing refuses if it has changed since.
      base_document jsonb,
      revision int not null default 1,
      -- Set when the draft restores an earlier published version.
      restores_version int,
      status text not null default 'open' check (status in ('open', 'published', 'rejected', 'withdrawn')),
      author_id int not null references app_user(id),
      updated_by int not null references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      decided_by int references app_user(id),
      decided_at timestamptz,
      decision_note text
    )`.execute(db)
  await sql`create unique index draft_one_open on draft (kind, record_id) where status = 'open'`.execute(db)
  await sql`
    create table record_version (
      kind text not null,
      record_id text not null,
      version int not null,
      action text not null check (action in ('load', 'create', 'update', 'archive', 'restore')),
      document jsonb not null,
      published_by text not null,
      published_at timestamptz not null default now(),
      draft_id int references draft(id),
      primary key (kind, record_id, version)
    )`.execute(db)
  await sql`
    create table audit_event (
      id serial primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      kind text,
      record_id text,
      before jsonb,
      after jsonb,
      note text
    )`.execute(db)
  await sql`create index audit_event_record on audit_event (kind, record_id, id)`.execute(db)
  // A reviewer's answer to a monitor finding: a suggested match confirmed or refused, a grade change checked.
  await sql`
    create table monitor_decision (
      clearinghouse_id text not null references clearinghouse(id),
      record_key text not null,
      change_event_id int references change_event(id),
      decision text not null check (decision in ('matched', 'not-matched', 'confirmed', 'disputed')),
      intervention_id text,
      decided_by text not null,
      decided_at timestamptz not null default now(),
      note text
    )`.execute(db)
  await sql`create unique index monitor_decision_match on monitor_decision (clearinghouse_id, record_key) where change_event_id is null`.execute(db)
  await sql`create unique index monitor_decision_event on monitor_decision (change_event_id) where change_event_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['monitor_decision', 'audit_event', 'record_version', 'draft', 'login_failure', 'user_session', 'app_user'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  for (const t of ['report_inclusion', 'intervention_need', 'assessment']) {
    await sql`drop view ${sql.table(t)}`.execute(db)
    await sql`alter table ${sql.table(`${t}_row`)} rename to ${sql.table(t)}`.execute(db)
  }
  await sql`drop view intervention`.execute(db)
  await sql`alter table intervention_row drop column archived_at`.execute(db)
  await sql`alter table intervention_row rename to intervention`.execute(db)
}
