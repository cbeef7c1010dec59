import { sql, type Kysely } from 'kysely'

/** The child-age stages each intervention covers, for the catalogue's age facet. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table intervention add column age_bands text[] not null default '{}'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table intervention drop column age_bands`.execute(db)
}
