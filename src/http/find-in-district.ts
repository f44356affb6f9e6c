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

/** As `requireConfigInDistrict`, for runs (readRun, approveHold, discardHold, rollbackRun know runs by id). */
export async function requireRunInDistrict(
  db: Kysely<Database>,
  districtId: string,
  runId: string,
): Promise<void> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) throw new DirectoryError('RUN_NOT_FOUND', `No run ${runId} in this district.`);
}

/** As `requireConfigInDistrict`, for a person or a classroom (the audit of one record reads by id). */
export async function requireRecordInDistrict(
  db: Kysely<Database>,
  districtId: string,
  record: { kind: 'person' | 'classroom'; id: string },
): Promise<void> {
  const table = record.kind === 'person' ? 'people' : 'classrooms';
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', '=', record.id)
    .executeTakeFirst();
  if (row) return;
  throw record.kind === 'person'
    ? new DirectoryError('PERSON_NOT_FOUND', `No person ${record.id} in this district.`)
    : new DirectoryError('CLASSROOM_NOT_FOUND', `No classroom ${record.id} in this district.`);
}
