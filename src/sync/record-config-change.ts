import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import type { SettingChange } from './diff-settings.ts';

/** Who changed settings: the CLI (no person yet), the API, a person, or rostersync itself. */
export type SettingsActor =
  { type: 'cli' } | { type: 'api' } | { type: 'system' } | { type: 'user'; personId: string };

/** Writes one settings change to the config's history (`config_changes`). */
export async function recordConfigChange(
  db: Kysely<Database>,
  change: {
    districtId: string;
    configId: string;
    actor: SettingsActor;
    action: 'create' | 'update';
    changes: readonly SettingChange[];
  },
): Promise<void> {
  await db
    .insertInto('config_changes')
    .values({
      district_id: change.districtId,
      id: newId(),
      config_id: change.configId,
      actor_type: change.actor.type,
      actor_id: change.actor.type === 'user' ? change.actor.personId : null,
      action: change.action,
      changes: JSON.stringify(change.changes),
    })
    .execute();
}
