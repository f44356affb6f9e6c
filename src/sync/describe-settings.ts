import { entityTypes } from '../roster/snapshot.ts';
import { entityTypePlaceholder, settingKeys, settingValueAt } from './setting-keys.ts';
import { defaultSyncSettings, thresholdFor, type SyncSettings } from './sync-settings.ts';

/** One setting as `config show` lists it. */
export interface SettingEntry {
  key: string;
  value: unknown;
  /** The value is the default (a per-type threshold with no override follows the general one). */
  isDefault: boolean;
  /** False for a setting only another source uses (it stays at its default). */
  isUsedBySource: boolean;
}

/** Every setting, defaults filled in, in the order of `setting-keys.ts`. */
export function describeSettings(settings: SyncSettings, source: string): SettingEntry[] {
  const defaults = defaultSyncSettings();
  const entries: SettingEntry[] = [];
  for (const setting of settingKeys) {
    const isUsedBySource = !setting.source || setting.source === source;
    if (setting.key.includes(entityTypePlaceholder)) {
      const field = setting.key.split('.').at(-1) as 'percent' | 'floor';
      for (const type of entityTypes) {
        entries.push({
          key: setting.key.replace(entityTypePlaceholder, type),
          value: thresholdFor(settings, type)[field],
          isDefault: settings.deletionThresholdByType[type]?.[field] === undefined,
          isUsedBySource,
        });
      }
      continue;
    }
    const path = setting.key.split('.');
    const value = settingValueAt(settings, path);
    entries.push({
      key: setting.key,
      value,
      isDefault: JSON.stringify(value) === JSON.stringify(settingValueAt(defaults, path)),
      isUsedBySource,
    });
  }
  return entries;
}

/**
 * A setting's value as text, as `config set` takes it: on/off, comma lists, `none`, date
 * ranges, `district` for the district's time zone, JSON for the rest.
 */
export function formatSettingValue(value: unknown, key?: string): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === null || value === undefined) return key === 'timeZone' ? 'district' : 'none';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((item) => typeof item === 'string')) return value.join(', ');
    if (value.every(isDateRange)) {
      return value
        .map((range) => (range.from === range.to ? range.from : `${range.from}..${range.to}`))
        .join(', ');
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isDateRange(value: unknown): value is { from: string; to: string } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}
