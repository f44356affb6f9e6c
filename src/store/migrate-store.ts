import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initialSchema from './migrations/0001-initial-schema.ts';
import * as dropHotForeignKeys from './migrations/0002-drop-hot-foreign-keys.ts';
import * as runTimings from './migrations/0003-run-timings.ts';
import * as lighterAuditLog from './migrations/0004-lighter-audit-log.ts';
import * as auditLogCommitOrder from './migrations/0005-audit-log-commit-order.ts';
import * as holdResolutions from './migrations/0006-hold-resolutions.ts';
import * as rollbackRuns from './migrations/0007-rollback-runs.ts';
import * as configChanges from './migrations/0008-config-changes.ts';
import * as sourceState from './migrations/0009-source-state.ts';
import * as accounts from './migrations/0010-accounts.ts';
import * as apiTokens from './migrations/0011-api-tokens.ts';
import * as joinCodes from './migrations/0012-join-codes.ts';
import * as installationTokens from './migrations/0013-installation-tokens.ts';
import * as notificationOutbox from './migrations/0014-notification-outbox.ts';

/** Every migration, in order. Names are permanent: a released migration is never renamed. */
const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-drop-hot-foreign-keys': dropHotForeignKeys,
  '0003-run-timings': runTimings,
  '0004-lighter-audit-log': lighterAuditLog,
  '0005-audit-log-commit-order': auditLogCommitOrder,
  '0006-hold-resolutions': holdResolutions,
  '0007-rollback-runs': rollbackRuns,
  '0008-config-changes': configChanges,
  '0009-source-state': sourceState,
  '0010-accounts': accounts,
  '0011-api-tokens': apiTokens,
  '0012-join-codes': joinCodes,
  '0013-installation-tokens': installationTokens,
  '0014-notification-outbox': notificationOutbox,
};

/**
 * Brings the schema up to date; the result lists what ran, as data. `schema` names the
 * PostgreSQL schema the store lives in, so the migrator's own tables are looked for there and
 * not in another schema of the same database.
 */
export async function migrateStore(db: Kysely<unknown>, schema?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    throw result.error instanceof Error ? result.error : new Error(String(result.error));
  }
  return result;
}
