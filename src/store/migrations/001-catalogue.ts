import { sql, type Kysely } from 'kysely'


/** The catalogue: needs, clearinghouses and their scales, interventions, assessments, reports, evidence. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)
  await sql`create extension if not exists unaccent`.execute(db)
  // unaccent() is only STABLE; naming the dictionary makes it safe to call from generated columns and indexes.
  await sql`
    create or replace function atlas_unaccent(text) returns text
    language sql immutable parallel safe strict
    as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db)
  // array_to_string() is only STABLE in general; for text[] it cannot change, so this wrapper is IMMUTABLE.
  await sql`
    create or replace function atlas_names(name text, acronyms text[], aliases text[]) returns text
    language sql immutable parallel safe
    as $$ select atlas_unaccent(name || ' ' || array_to_string(acronyms, ' ') || ' ' || array_to_string(aliases, ' ')) $$`.execute(db)

  await sql`create table catalogue_meta (key text primary key, value jsonb not null)`.execute(db)
  await sql`
    create table tier (
      id text primary key,
      rank int not null unique,
      label text not null,
      description text not null,
      recommendable boolean not null,
      graded boolean not null
    )`.execute(db)
  await sql`
    create table framework_domain (
      id text primary key, name jsonb not null, description jsonb not null, source jsonb not null
    )`.execute(db)
  await sql`
    create table need (
      id text primary key,
      domain_id text not null references framework_domain(id),
      kind text not null check (kind in ('need', 'circumstance')),
      position int not null,
      name jsonb not null, description jsonb not null, source jsonb not null
    )`.execute(db)
  await sql`
    create table clearinghouse (
      id text primary key,
      position int not null,
      name text not null, short_name text not null, country text not null,
      region text not null check (region in ('nordic', 'uk', 'usa', 'europe', 'other')),
      kind text not null check (kind in ('portal', 'review')),
      url text, status text not null,
      description jsonb not null, notes jsonb not null, source jsonb not null
    )`.execute(db)
  await sql`
    create table rating_scale (
      clearinghouse_id text not null references clearinghouse(id) on delete cascade,
      id text not null,
      position int not null,
      name text not null,
      in_use_from text check (in_use_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      in_use_until text check (in_use_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      note text,
      source jsonb not null,
      primary key (clearinghouse_id, id)
    )`.execute(db)
  await sql`
    create table scale_level (
      clearinghouse_id text not null,
      scale_id text not null,
      id text not null,
      position int not null,
      native_name text not null,
      gloss text,
      tier_id text not null references tier(id),
      rationale text not null,
      primary key (clearinghouse_id, scale_id, id),
      foreign key (clearinghouse_id, scale_id) references rating_scale(clearinghouse_id, id) on delete cascade
    )`.execute(db)
  await sql`
    create table intervention (
      id text primary key,
      name text not null,
      acronyms text[] not null default '{}',
      aliases text[] not null default '{}',
      description jsonb not null,
      prevention_levels text[] not null,
      prevention_basis jsonb not null,
      target_population text,
      child_age jsonb,
      formats text[] not null,
      dosage text, origin text,
      links jsonb not null, fact_sources jsonb not null, ratings_not_found jsonb not null, mentions jsonb not null,
      need_ids text[] not null default '{}',
      primary_need_ids text[] not null default '{}',
      clearinghouse_ids text[] not null default '{}',
      grading_groups text[] not null default '{}',
      best_tier text not null references tier(id),
      best_tier_rank int not null,
      -- The names of the needs it targets, by language: people search for "bonding", not for a programme's wording.
      need_text jsonb not null default '{}',
      search_terms text generated always as (
        lower(atlas_names(name, acronyms, aliases))
      ) stored,
      -- Names match word for word in every language; descriptions stem by their own language.
      search_vector tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, atlas_names(name, acronyms, aliases)), 'A')
        || setweight(to_tsvector('english'::regconfig, atlas_unaccent(coalesce(description->>'en', ''))), 'B')
        || setweight(to_tsvector('finnish'::regconfig, atlas_unaccent(coalesce(description->>'fi', ''))), 'B')
        || setweight(to_tsvector('swedish'::regconfig, atlas_unaccent(coalesce(description->>'sv', ''))), 'B')
        || setweight(to_tsvector('norwegian'::regconfig, atlas_unaccent(coalesce(description->>'nb', ''))), 'B')
        || setweight(to_tsvector('danish'::regconfig, atlas_unaccent(coalesce(description->>'da', ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, atlas_unaccent(coalesce(need_text->>'en', ''))), 'C')
        || setweight(to_tsvector('finnish'::regconfig, atlas_unaccent(coalesce(need_text->>'fi', ''))), 'C')
        || setweight(to_tsvector('swedish'::regconfig, atlas_unaccent(coalesce(need_text->>'sv', ''))), 'C')
        || setweight(to_tsvector('norwegian'::regconfig, atlas_unaccent(coalesce(need_text->>'nb', ''))), 'C')
        || setweight(to_tsvector('danish'::regconfig, atlas_unaccent(coalesce(need_text->>'da', ''))), 'C')
      ) stored
    )`.execute(db)
  await sql`create index intervention_search_vector on intervention using gin (search_vector)`.execute(db)
  await sql`create index intervention_search_terms on intervention using gin (search_terms gin_trgm_ops)`.execute(db)
  await sql`create index intervention_need_ids on intervention using gin (need_ids)`.execute(db)
  await sql`create index intervention_best_tier on intervention (best_tier_rank, name)`.execute(db)

  await sql`
    create table intervention_need (
      intervention_id text not null references intervention(id) on delete cascade,
      need_id text not null references need(id),
      role text not null check (role in ('primary', 'secondary')),
      basis text not null,
      primary key (intervention_id, need_id)
    )`.execute(db)
  await sql`
    create table assessment (
      id text primary key,
      intervention_id text not null references intervention(id) on delete cascade,
      seq int not null,
      clearinghouse_id text not null references clearinghouse(id),
      scale_id text not null,
      level_id text,
      native_level text not null,
      tier_id text not null references tier(id),
      scope text not null check (scope in ('programme', 'variant', 'related', 'unconfirmed')),
      applies_to text, topic text,
      review_date text check (review_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      edition text, note text,
      source jsonb not null,
      source_url text,
      retrieved_at text not null check (retrieved_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      unique (intervention_id, seq),
      foreign key (clearinghouse_id, scale_id) references rating_scale(clearinghouse_id, id),
      foreign key (clearinghouse_id, scale_id, level_id) references scale_level(clearinghouse_id, scale_id, id)
    )`.execute(db)
  await sql`create index assessment_clearinghouse on assessment (clearinghouse_id)`.execute(db)
  await sql`
    create table report_table (
      id text primary key, title text not null, label text not null, publication text not null,
      columns jsonb not null, groups jsonb not null, stated_totals jsonb not null, notes jsonb not null, source jsonb not null
    )`.execute(db)
  await sql`
    create table report_inclusion (
      report_id text not null references report_table(id) on delete cascade,
      intervention_id text not null references intervention(id) on delete cascade,
      group_id text not null,
      position int not null,
      name_in_report text not null,
      marks jsonb not null,
      primary key (report_id, intervention_id),
      unique (report_id, group_id, position)
    )`.execute(db)
  await sql`create table evidence_set (id text primary key, title text not null, source jsonb not null)`.execute(db)
  await sql`
    create table evidence_statement (
      id text primary key,
      set_id text not null references evidence_set(id) on delete cascade,
      position int not null,
      factor text not null, outcome text not null, population text not null, direction text not null,
      statement text not null,
      need_ids text[] not null,
      citations jsonb not null
    )`.execute(db)
  await sql`create index evidence_statement_needs on evidence_statement using gin (need_ids)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['evidence_statement', 'evidence_set', 'report_inclusion', 'report_table', 'assessment', 'intervention_need', 'intervention', 'scale_level', 'rating_scale', 'clearinghouse', 'need', 'framework_domain', 'tier', 'catalogue_meta'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  await sql`drop function if exists atlas_names(text, text[], text[])`.execute(db)
  await sql`drop function if exists atlas_unaccent(text)`.execute(db)
}
