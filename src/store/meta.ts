import { sql, type Kysely } from 'kysely'
import { perRevision, storedPerRevision } from './revision-cache.ts'
import type { Database } from './database.ts'

/** The headline numbers and the data's version and date. */
export async function catalogueStats(db: Kysely<Database>) {
  return perRevision(db, 'stats', () => readStats(db))
}

async function readStats(db: Kysely<Database>) {
  const [meta, c] = await Promise.all([
    db.selectFrom('catalogue_meta').selectAll().execute(),
    // Kept with the revision: a start on an existing database reads these instead of counting every row.
    storedPerRevision(db, 'headline-numbers', async () => {
      const { rows } = await sql<{ interventions: number; clearinghouses: number; assessments: number; statements: number; retrieved: string | null }>`
        select (select count(*)::int from intervention) as interventions,
               (select count(*)::int from clearinghouse) as clearinghouses,
               a.assessments, a.retrieved,
               (select count(*)::int from evidence_statement) as statements
        -- One scan of the assessments for both.
        from (select count(*)::int as assessments, max(retrieved_at) as retrieved from assessment) a`.execute(db)
      return rows[0]!
    }),
  ])
  const value = (k: string) => meta.find((m) => m.key === k)?.value ?? null
  return {
    dataVersion: value('data_version') as string | null,
    loadedAt: value('loaded_at') as string | null,
    dataRetrievedAt: c.retrieved,
    interventions: c.interventions,
    clearinghouses: c.clearinghouses,
    assessments: c.assessments,
    evidenceStatements: c.statements,
  }
}

/** The health check: one cheap read, so a load balancer sees a server whose database does not answer as down. */
export async function databaseAnswers(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('tier').select('id').limit(1).execute()
}
