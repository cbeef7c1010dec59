import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely'
import * as m001 from './001-catalogue.ts'
import * as m002 from './002-age-bands.ts'
import * as m003 from './003-snapshots.ts'
import * as m004 from './004-editorial.ts'

/** Every migration, in order. New ones are appended here; applied ones are never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '001-catalogue': m001,
  '002-age-bands': m002,
  '003-snapshots': m003,
  '004-editorial': m004,
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } })
  const result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(result.error as Error).message ?? result.error}`, { cause: result.error })
  }
  return result
}
