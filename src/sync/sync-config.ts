import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { settingsFromColumns } from './sync-settings-columns.ts';
import type { SyncSettings } from './sync-settings.ts';

/** A sync config as the run uses it. */
export interface SyncConfig {
  id: string;
  districtId: string;
  name: string;
  source: string;
  /** Set for a school-level config. */
  schoolId: string | null;
  sourceOptions: Record<string, unknown>;
  settings: SyncSettings;
  /** `settings.enabled`: daily scheduled runs. */
  isEnabled: boolean;
  districtTimeZone: string;
}

export async function loadSyncConfig(db: Kysely<Database>, configId: string): Promise<SyncConfig | null> {
  const row = await db
    .selectFrom('sync_configs as c')
    .innerJoin('districts as d', 'd.id', 'c.district_id')
    .selectAll('c')
    .select('d.time_zone')
    .where('c.id', '=', configId)
    .executeTakeFirst();
  if (!row) return null;
  const settings = settingsFromColumns(row);
  return {
    id: row.id,
    districtId: row.district_id,
    name: row.name,
    source: row.source,
    schoolId: row.school_id,
    sourceOptions: row.source_options,
    settings,
    isEnabled: settings.enabled,
    districtTimeZone: row.time_zone,
  };
}
