import { sql, type Kysely } from 'kysely'

/**
 * The page watch: every page a current grade cites (and each portal's listing pages) is fetched
 * politely; each distinct text is kept as an immutable page version; what changed becomes a finding
 * that waits for a reviewer. A confirmed grade change becomes a change event like a snapshot's, so
 * change events no longer always come from a snapshot.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // How the watch reads each portal (data/clearinghouses/<id>.json, field "watch").
  await sql`alter table clearinghouse add column watch jsonb`.execute(db)
  await sql`
    create table page_version (
      id serial primary key,
      url text not null,
      final_url text not null,
      fetched_at timestamptz not null,
      status int not null,
      content_type text,
      headers jsonb not null,
      redirects jsonb not null default '[]',
      title text,
      text text not null,
      content_hash text not null
    )`.execute(db)
  await sql`create index page_version_url on page_version (url, id desc)`.execute(db)
  await sql`create trigger page_version_immutable before update or delete on page_version for each row execute function atlas_immutable()`.execute(db)
  // What the watch knows of each page between runs: validators for conditional requests, the last outcome.
  await sql`
    create table watched_page (
      url text primary key,
      clearinghouse_id text references clearinghouse(id),
      etag text,
      last_modified text,
      last_checked_at timestamptz,
      last_ok_at timestamptz,
      last_status int,
      last_outcome text,
      last_error text,
      failures int not null default 0,
      latest_version_id int references page_version(id),
      moved_to text
    )`.execute(db)
  // Every fetch attempt of every run, for the curator and for "keeps failing".
  await sql`
    create table watch_check (
      id serial primary key,
      run_id int,
      url text not null,
      checked_at timestamptz not null default now(),
      outcome text not null,
      status int,
      redirects jsonb not null default '[]',
      error text,
      version_id int references page_version(id),
      duration_ms int not null default 0
    )`.execute(db)
  await sql`create index watch_check_url on watch_check (url, id desc)`.execute(db)
  await sql`
    create table watch_run (
      id serial primary key,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      started_by text not null,
      summary jsonb
    )`.execute(db)
  // Per current grade: does the latest text of its page still say what we quote?
  await sql`
    create table source_check (
      assessment_id text primary key,
      url text not null,
      checked_at timestamptz not null,
      version_id int references page_version(id),
      quote_found boolean,
      grade_found text
    )`.execute(db)
  await sql`
    create table watch_finding (
      id serial primary key,
      kind text not null check (kind in ('grade-changed', 'quote-missing', 'moved', 'vanished', 'failing', 'listing-changed')),
      identity text not null,
      url text not null,
      clearinghouse_id text references clearinghouse(id),
      intervention_id text,
      assessment_id text,
      version_id int references page_version(id),
      previous_version_id int references page_version(id),
      proposed_level text,
      proposed_native text,
      detail jsonb not null default '{}',
      found_at timestamptz not null default now(),
      status text not null default 'open' check (status in ('open', 'confirmed', 'dismissed', 'cleared')),
      -- Set when the page no longer shows what the finding says: the same finding may then come back.
      cleared_at timestamptz,
      decided_by text,
      decided_at timestamptz,
      note text,
      new_assessment_id text
    )`.execute(db)
  await sql`create index watch_finding_identity on watch_finding (identity) where cleared_at is null`.execute(db)
  await sql`create index watch_finding_open on watch_finding (status, id)`.execute(db)
  await sql`alter table change_event alter column snapshot_id drop not null`.execute(db)
  await sql`alter table change_event add column page_version_id int references page_version(id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table change_event drop column page_version_id`.execute(db)
  await sql`alter table clearinghouse drop column watch`.execute(db)
  for (const t of ['watch_finding', 'source_check', 'watch_run', 'watch_check', 'watched_page', 'page_version']) await sql`drop table if exists ${sql.table(t)}`.execute(db)
}
