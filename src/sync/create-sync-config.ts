import type { Kysely } from 'kysely';
import { DirectoryError } from '../directory/directory-error.ts';
import { rosterSources } from '../sources/roster-sources.ts';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import { applySettingAssignments } from './settings-assignments.ts';
import { parseSyncSettings, SettingsError } from './sync-settings.ts';

export interface CreateSyncConfigInput {
  districtId: string;
  source: string;
  name?: string | undefined;
  /** For a school-level config. */
  schoolId?: string | undefined;
  sourceOptions: Record<string, unknown>;
  /** `key=value` settings (see settings-assignments.ts). */
  settings?: Record<string, string>;
}

/** Creates a sync config after checking its source options and settings. */
export async function createSyncConfig(
  db: Kysely<Database>,
  input: CreateSyncConfigInput,
): Promise<{ id: string }> {
  const source = rosterSources.get(input.source);
  if (!source) {
    throw new DirectoryError(
      'SOURCE_UNKNOWN',
      `Unknown source "${input.source}". Known sources: ${[...rosterSources.keys()].join(', ')}.`,
    );
  }
  const problem = source.checkOptions(input.sourceOptions);
  if (problem) throw new DirectoryError('SOURCE_OPTIONS_INVALID', `The config is refused: ${problem}.`);
  const district = await db
    .selectFrom('districts')
    .select('id')
    .where('id', '=', input.districtId)
    .executeTakeFirst();
  if (!district) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${input.districtId}.`);
  if (input.schoolId) {
    const school = await db
      .selectFrom('schools')
      .select('id')
      .where('id', '=', input.schoolId)
      .where('district_id', '=', input.districtId)
      .executeTakeFirst();
    if (!school)
      throw new DirectoryError('SCHOOL_NOT_FOUND', `No school ${input.schoolId} in this district.`);
  }
  let settings;
  try {
    settings = applySettingAssignments(parseSyncSettings({}), input.settings ?? {});
  } catch (error) {
    if (error instanceof SettingsError) throw new DirectoryError(error.code, error.message);
    throw error;
  }
  const id = newId();
  await db
    .insertInto('sync_configs')
    .values({
      district_id: input.districtId,
      id,
      name: input.name?.trim() || input.source,
      source: input.source,
      school_id: input.schoolId ?? null,
      source_options: JSON.stringify(input.sourceOptions),
      settings: JSON.stringify(settings),
    })
    .execute();
  return { id };
}
