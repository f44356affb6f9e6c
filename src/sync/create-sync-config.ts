import type { Kysely } from 'kysely';
import type { SecretBox } from '../config/secret-box.ts';
import { DirectoryError } from '../directory/directory-error.ts';
import { rosterSources } from '../sources/roster-sources.ts';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import { checkSettingsInDistrict } from './check-settings-in-district.ts';
import { diffSettings } from './diff-settings.ts';
import { recordConfigChange, type SettingsActor } from './record-config-change.ts';
import { applySettingAssignments } from './settings-assignments.ts';
import { sealSourceOptions } from './source-options.ts';
import { settingsToColumns } from './sync-settings-columns.ts';
import { defaultSyncSettings } from './sync-settings.ts';

export interface CreateSyncConfigInput {
  districtId: string;
  source: string;
  name?: string | undefined;
  /** For a school-level config. */
  schoolId?: string | undefined;
  /**
   * The source's options, plain (a bundle path; Clever's district_id, token…). Those the source
   * calls secret are sealed with `secrets` before they are stored.
   */
  sourceOptions: Record<string, unknown>;
  /** Seals the secret options (the store's `secrets`); needed only when some are given. */
  secrets?: SecretBox | undefined;
  /** `key=value` settings (see settings-assignments.ts). */
  settings?: Record<string, string>;
  /** Reads a `key=@file` value's file; without it such values are refused. */
  readFile?: (path: string) => string;
  /** Who creates it, for the config's history; rostersync itself (demo, bench) by default. */
  actor?: SettingsActor;
}

/**
 * Creates a sync config after checking its source options (secret ones are stored sealed, see
 * `source-options.ts`) and its settings, against
 * themselves and the district's other configs; its settings that differ from the defaults
 * open the config's history.
 */
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
  const givenSecrets = source.secretOptionKeys.filter((key) => input.sourceOptions[key] !== undefined);
  if (givenSecrets.length > 0 && !input.secrets) {
    // A bug in the caller, not a user's mistake: secrets are never stored unsealed.
    throw new Error(`createSyncConfig: ${givenSecrets.join(', ')} must be sealed; pass the store's secrets.`);
  }
  const storedOptions = input.secrets
    ? sealSourceOptions(input.sourceOptions, source.secretOptionKeys, input.secrets)
    : input.sourceOptions;
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
  const defaults = defaultSyncSettings();
  const settings = applySettingAssignments(defaults, input.settings ?? {}, { readFile: input.readFile });
  const id = newId();
  await db.transaction().execute(async (tx) => {
    // One settings change per district at a time: the rules across configs read the others.
    await tx.selectFrom('districts').select('id').where('id', '=', input.districtId).forUpdate().execute();
    await checkSettingsInDistrict(tx, settings, {
      districtId: input.districtId,
      id: null,
      source: input.source,
      schoolId: input.schoolId ?? null,
    });
    await tx
      .insertInto('sync_configs')
      .values({
        district_id: input.districtId,
        id,
        name: input.name?.trim() || input.source,
        source: input.source,
        school_id: input.schoolId ?? null,
        source_options: JSON.stringify(storedOptions),
        ...settingsToColumns(settings),
      })
      .execute();
    await recordConfigChange(tx, {
      districtId: input.districtId,
      configId: id,
      actor: input.actor ?? { type: 'system' },
      action: 'create',
      changes: diffSettings(null, settings, defaults),
    });
  });
  return { id };
}
