import type { Kysely } from 'kysely';
import { DirectoryError } from '../directory/directory-error.ts';
import type { Database } from '../store/database-schema.ts';
import { checkSettingsInDistrict } from './check-settings-in-district.ts';
import { diffSettings, type SettingChange } from './diff-settings.ts';
import { recordConfigChange, type SettingsActor } from './record-config-change.ts';
import { applySettingAssignments, type SettingAssignmentOptions } from './settings-assignments.ts';
import { settingsFromColumns, settingsToColumns } from './sync-settings-columns.ts';
import { defaultSyncSettings } from './sync-settings.ts';

export interface SetSyncSettingsInput extends SettingAssignmentOptions {
  configId: string;
  /** `key=value` settings (see settings-assignments.ts). */
  assignments: Readonly<Record<string, string>>;
  actor: SettingsActor;
}

/**
 * Changes a config's settings: applies the assignments, refuses a result that is invalid or
 * contradicts itself or the district's other configs, stores it and records the change
 * (each setting before → after) in the config's history. A change that changes nothing is
 * not recorded.
 */
export async function setSyncSettings(
  db: Kysely<Database>,
  input: SetSyncSettingsInput,
): Promise<{ configId: string; changes: SettingChange[] }> {
  const found = await db
    .selectFrom('sync_configs')
    .select('district_id')
    .where('id', '=', input.configId)
    .executeTakeFirst();
  if (!found) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${input.configId}.`);
  return db.transaction().execute(async (tx) => {
    // One settings change per district at a time: the rules across configs read the others.
    await tx.selectFrom('districts').select('id').where('id', '=', found.district_id).forUpdate().execute();
    const row = await tx
      .selectFrom('sync_configs')
      .select(['id', 'district_id', 'source', 'school_id', 'settings', 'is_enabled'])
      .where('id', '=', input.configId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = settingsFromColumns(row);
    const after = applySettingAssignments(before, input.assignments, input);
    const changes = diffSettings(before, after, defaultSyncSettings());
    if (changes.length === 0) return { configId: row.id, changes };
    await checkSettingsInDistrict(tx, after, {
      districtId: row.district_id,
      id: row.id,
      source: row.source,
      schoolId: row.school_id,
    });
    await tx
      .updateTable('sync_configs')
      .set({ ...settingsToColumns(after), updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    if (!before.updateActiveContacts && after.updateActiveContacts) {
      // The school takes active users' contact details over: the next run must compare every
      // active user's values with the source, not only those whose source changed.
      await tx
        .updateTable('person_roles')
        .set({ source_hash: null })
        .where('config_id', '=', row.id)
        .where('person_id', 'in', (people) =>
          people
            .selectFrom('people')
            .select('id')
            .where('district_id', '=', row.district_id)
            .where('account_state', '=', 'active'),
        )
        .execute();
    }
    await recordConfigChange(tx, {
      districtId: row.district_id,
      configId: row.id,
      actor: input.actor,
      action: 'update',
      changes,
    });
    return { configId: row.id, changes };
  });
}
