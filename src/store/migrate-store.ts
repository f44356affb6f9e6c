import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initialSchema from './migrations/0001-initial-schema.ts';

/** Every migration, in order. Names are permanent: a released migration is never renamed. */
const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
};

/** Brings the schema up to date; the result lists what ran, as data. */
export async function migrateStore(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    throw result.error instanceof Error ? result.error : new Error(String(result.error));
  }
  return result;
}
