import { sql, type Kysely } from 'kysely'

/**
 * Every grade keeps the verbatim quote that proves it; statements, scale names and level glosses
 * are written in every reader's language (JSON objects keyed by language, English always present).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table assessment_row add column quote text`.execute(db)
  // The view froze its column list when it was made: make it again to show the new column.
  await sql`
    create or replace view assessment as select * from assessment_row r
    where not exists (select 1 from intervention_row i where i.id = r.intervention_id and i.archived_at is not null)`.execute(db)
  await sql`alter table evidence_statement alter column statement type jsonb using jsonb_build_object('en', statement)`.execute(db)
  await sql`alter table rating_scale alter column name type jsonb using jsonb_build_object('en', name)`.execute(db)
  await sql`alter table scale_level alter column gloss type jsonb using case when gloss is null then null else jsonb_build_object('en', gloss) end`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table scale_level alter column gloss type text using gloss->>'en'`.execute(db)
  await sql`alter table rating_scale alter column name type text using name->>'en'`.execute(db)
  await sql`alter table evidence_statement alter column statement type text using statement->>'en'`.execute(db)
  await sql`drop view assessment`.execute(db)
  await sql`alter table assessment_row drop column quote`.execute(db)
  await sql`
    create view assessment as select * from assessment_row r
    where not exists (select 1 from intervention_row i where i.id = r.intervention_id and i.archived_at is not null)`.execute(db)
}
