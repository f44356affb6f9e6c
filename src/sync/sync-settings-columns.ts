import { parseSyncSettings, type SyncSettings } from './sync-settings.ts';

/**
 * Where settings are stored: `enabled` in the `is_enabled` column (the scheduler looks
 * configs up by it), everything else in the `settings` JSON.
 */
export function settingsToColumns(settings: SyncSettings): { is_enabled: boolean; settings: string } {
  const { enabled, ...stored } = settings;
  return { is_enabled: enabled, settings: JSON.stringify(stored) };
}

/** A config row's settings, validated, defaults filled in. */
export function settingsFromColumns(row: {
  is_enabled: boolean;
  settings: Record<string, unknown>;
}): SyncSettings {
  return parseSyncSettings({ ...row.settings, enabled: row.is_enabled });
}
