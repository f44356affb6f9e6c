import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import type { SettingChange } from './diff-settings.ts';

/** One entry of a config's settings history. */
export interface ConfigHistoryEntry {
  at: Date;
  actorType: 'cli' | 'api' | 'user' | 'system';
  actorId: string | null;
  action: 'create' | 'update';
  changes: SettingChange[];
}

/** A config's settings changes, oldest first. */
export async function readConfigHistory(
  db: Kysely<Database>,
  config: { districtId: string; configId: string },
): Promise<ConfigHistoryEntry[]> {
  const rows = await db
    .selectFrom('config_changes')
    .select(['at', 'actor_type', 'actor_id', 'action', 'changes'])
    .where('district_id', '=', config.districtId)
    .where('config_id', '=', config.configId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    changes: row.changes,
  }));
}
