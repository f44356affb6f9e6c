import { entityTypes, type EntityType } from '../roster/snapshot.ts';
import { parseSyncSettings, SettingsError, type SyncSettings } from './sync-settings.ts';

/**
 * The `key=value` words the CLI (and later the API) use for settings, and where each lands in
 * the stored settings. Keys are snake_case; per-type threshold keys take a `.students`-style
 * suffix, e.g. `deletion_threshold_percent.memberships=20`.
 */
const settingKeys = {
  deletion_threshold_percent: { path: ['deletionThreshold', 'percent'], type: 'number' },
  deletion_threshold_floor: { path: ['deletionThreshold', 'floor'], type: 'number' },
  manage_guardians: { path: ['manageGuardians'], type: 'boolean' },
  max_guardians_per_student: { path: ['maxGuardiansPerStudent'], type: 'number' },
  phone_region: { path: ['phoneRegion'], type: 'string' },
} as const;

export const settingKeyNames = Object.keys(settingKeys);

/** Applies `key=value` assignments to settings, validating the result. */
export function applySettingAssignments(
  current: SyncSettings,
  assignments: Record<string, string>,
): SyncSettings {
  const next = structuredClone(current) as unknown as Record<string, unknown>;
  for (const [rawKey, rawValue] of Object.entries(assignments)) {
    const [baseKey, entityName] = rawKey.split('.', 2) as [string, string | undefined];
    const spec = settingKeys[baseKey as keyof typeof settingKeys];
    if (!spec) {
      throw new SettingsError(`Unknown setting "${rawKey}". Known settings: ${settingKeyNames.join(', ')}.`);
    }
    const value = parseValue(rawKey, rawValue, spec.type);
    if (entityName !== undefined) {
      if (!baseKey.startsWith('deletion_threshold_') || !entityTypes.includes(entityName as EntityType)) {
        throw new SettingsError(
          `"${rawKey}": only deletion_threshold_percent and deletion_threshold_floor take a type suffix (${entityTypes.join(', ')}).`,
        );
      }
      const byType = (next.deletionThresholdByType ??= {}) as Record<string, Record<string, unknown>>;
      const base = next.deletionThreshold as Record<string, unknown>;
      byType[entityName] ??= { ...base };
      byType[entityName][spec.path[1] as string] = value;
      continue;
    }
    let target = next;
    for (const part of spec.path.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[spec.path.at(-1) as string] = value;
  }
  return parseSyncSettings(next);
}

function parseValue(key: string, raw: string, type: 'number' | 'boolean' | 'string'): unknown {
  if (type === 'string') return raw;
  if (type === 'boolean') {
    const lower = raw.toLowerCase();
    if (['true', 'on', 'yes', '1'].includes(lower)) return true;
    if (['false', 'off', 'no', '0'].includes(lower)) return false;
    throw new SettingsError(`"${key}" takes on or off, not "${raw}".`);
  }
  const number = Number(raw.replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(number))
    throw new SettingsError(`"${key}" takes a number, not "${raw}".`);
  return number;
}
