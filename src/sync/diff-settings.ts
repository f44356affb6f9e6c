import type { SyncSettings } from './sync-settings.ts';

/** One setting that changed. A value that is absent (a removed override) is null. */
export interface SettingChange {
  /** Dotted key, as `config set` takes it (`deletionThresholdByType.students.floor`). */
  key: string;
  before: unknown;
  after: unknown;
}

/**
 * The settings that differ, leaf by leaf (objects are walked, lists are one value), in key
 * order. With no `before` (a new config), the settings that differ from `defaults`, each with
 * before null.
 */
export function diffSettings(
  before: SyncSettings | null,
  after: SyncSettings,
  defaults: SyncSettings,
): SettingChange[] {
  const old = flatten(before ?? defaults);
  const now = flatten(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: SettingChange[] = [];
  for (const key of keys) {
    const was = old.get(key) ?? null;
    const is = now.get(key) ?? null;
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    changes.push({ key, before: before === null ? null : was, after: is });
  }
  return changes;
}

/** Leaf values by dotted key. */
export function flatten(
  value: unknown,
  prefix = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}
