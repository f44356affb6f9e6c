import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import {
  findSettingsContradictions,
  type Contradiction,
  type SettingsContext,
} from './find-settings-contradictions.ts';
import { SettingsError, type SyncSettings } from './sync-settings.ts';

export interface ConfigInDistrict {
  districtId: string;
  /** Null for a config not yet created. */
  id: string | null;
  source: string;
  schoolId: string | null;
}

/** The contradictions of a config's settings with itself, its source and its district. */
export async function findContradictionsInDistrict(
  db: Kysely<Database>,
  settings: SyncSettings,
  config: ConfigInDistrict,
): Promise<Contradiction[]> {
  return findSettingsContradictions(settings, await loadSettingsContext(db, config));
}

/** Refuses settings that contradict themselves or the district (`SettingsError` with every reason). */
export async function checkSettingsInDistrict(
  db: Kysely<Database>,
  settings: SyncSettings,
  config: ConfigInDistrict,
): Promise<void> {
  const found = await findContradictionsInDistrict(db, settings, config);
  const [first] = found;
  if (!first) return;
  const message =
    found.length === 1
      ? `The settings are refused: ${first.message}`
      : `The settings are refused for ${found.length} reasons:\n${found.map((c) => `  - ${c.message} (${c.code})`).join('\n')}`;
  throw new SettingsError(first.code, message, found);
}

async function loadSettingsContext(db: Kysely<Database>, config: ConfigInDistrict): Promise<SettingsContext> {
  const schoolRows = await db
    .selectFrom('schools')
    .leftJoin('school_source_ids as s', 's.school_id', 'schools.id')
    .select(['schools.id', 'schools.name', 's.source_id'])
    .where('schools.district_id', '=', config.districtId)
    .where('schools.archived_at', 'is', null)
    .orderBy('schools.name')
    .orderBy('s.source_id')
    .execute();
  const schools = new Map<string, { id: string; name: string; sourceIds: string[] }>();
  for (const row of schoolRows) {
    let school = schools.get(row.id);
    if (!school) schools.set(row.id, (school = { id: row.id, name: row.name, sourceIds: [] }));
    if (row.source_id !== null) school.sourceIds.push(row.source_id);
  }
  let others = db
    .selectFrom('sync_configs')
    .select(['id', 'name', 'school_id', 'settings'])
    .where('district_id', '=', config.districtId)
    .orderBy('id');
  if (config.id !== null) others = others.where('id', '!=', config.id);
  const otherConfigs = (await others.execute()).map((row) => ({
    id: row.id,
    name: row.name,
    schoolId: row.school_id,
    // Only this is judged across configs; read raw, so one config's unreadable settings
    // cannot block another's.
    settings: { manageGuardians: row.settings.manageGuardians !== false },
  }));
  return {
    config: { id: config.id, source: config.source, schoolId: config.schoolId },
    schools: [...schools.values()],
    otherConfigs,
  };
}
