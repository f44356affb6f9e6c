import type { Kysely } from 'kysely';
import { DirectoryError } from '../directory/directory-error.ts';
import type { Database } from '../store/database-schema.ts';

/**
 * Makes sure a config belongs to the district in the path before a capability that knows
 * configs by id alone (runSync, setSyncSettings…) touches it. A config of another district is
 * the same 404 as one that does not exist.
 */
export async function requireConfigInDistrict(
  db: Kysely<Database>,
  districtId: string,
  configId: string,
): Promise<void> {
  const row = await db
    .selectFrom('sync_configs')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', '=', configId)
    .executeTakeFirst();
  if (!row) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${configId} in this district.`);
}

/**
 * As `requireConfigInDistrict`, for runs (readRun, approveHold, discardHold, rollbackRun know
 * runs by id). Returns the run's config, which decides who may read it.
 */
export async function requireRunInDistrict(
  db: Kysely<Database>,
  districtId: string,
  runId: string,
): Promise<{ configId: string }> {
  const row = await db
    .selectFrom('runs')
    .select('config_id')
    .where('district_id', '=', districtId)
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) throw new DirectoryError('RUN_NOT_FOUND', `No run ${runId} in this district.`);
  return { configId: row.config_id };
}

/** As `requireConfigInDistrict`, for a person, a classroom or a school (the audit of one record reads by id). */
export async function requireRecordInDistrict(
  db: Kysely<Database>,
  districtId: string,
  record: { kind: 'person' | 'classroom' | 'school'; id: string },
): Promise<void> {
  const { table, notFound } = recordTables[record.kind];
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', '=', record.id)
    .executeTakeFirst();
  if (!row) throw new DirectoryError(notFound, `No ${record.kind} ${record.id} in this district.`);
}

const recordTables = {
  person: { table: 'people', notFound: 'PERSON_NOT_FOUND' },
  classroom: { table: 'classrooms', notFound: 'CLASSROOM_NOT_FOUND' },
  school: { table: 'schools', notFound: 'SCHOOL_NOT_FOUND' },
} as const;
