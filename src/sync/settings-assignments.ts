import {
  resolveSettingKey,
  suggestSettingKey,
  type ResolvedSettingKey,
  type ValueSyntax,
} from './setting-keys.ts';
import { parseSyncSettings, SettingsError, type SyncSettings } from './sync-settings.ts';

/**
 * The `key=value` words the CLI (and later the API) use for settings. A key is a dotted path
 * into the settings (`classroomFilters.subjects`, `deletionThresholdByType.students.percent`),
 * compared without regard to case, `_` and `-`, or one of the older names
 * (`deletion_threshold_percent.students`, `threshold.students.percent`). The value is read as
 * the setting's syntax says (`setting-keys.ts`); `@path` reads JSON from a file, and a JSON
 * object or array is read as JSON, which is how a whole group (`schoolMapping`,
 * `classroomFilters`) is set, replacing it.
 */
export interface SettingAssignmentOptions {
  /** Keys to put back to their defaults, before the assignments apply. */
  resets?: readonly string[];
  /** Reads a `@path` file's text; without it, `@` values are refused. */
  readFile?: (path: string) => string;
}

/** Applies resets and `key=value` assignments to settings, validating the result. */
export function applySettingAssignments(
  current: SyncSettings,
  assignments: Readonly<Record<string, string>>,
  options: SettingAssignmentOptions = {},
): SyncSettings {
  const next = structuredClone(current) as unknown as Record<string, unknown>;
  for (const rawKey of options.resets ?? []) {
    const { path } = resolveKey(rawKey);
    const parent = walk(next, path.slice(0, -1), false);
    if (parent) delete parent[path.at(-1) as string];
  }
  for (const [rawKey, rawValue] of Object.entries(assignments)) {
    const resolved = resolveKey(rawKey);
    const value = readValue(resolved, rawValue, options.readFile);
    const parent = walk(next, resolved.path.slice(0, -1), true) as Record<string, unknown>;
    parent[resolved.path.at(-1) as string] = value;
  }
  return parseSyncSettings(next);
}

function resolveKey(rawKey: string): ResolvedSettingKey {
  const resolved = resolveSettingKey(rawKey);
  if (resolved) return resolved;
  const suggestion = suggestSettingKey(rawKey);
  throw new SettingsError(
    'SETTING_UNKNOWN',
    `Unknown setting "${rawKey}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} The settings are listed in README, "Configuration".`,
  );
}

/** The object at `path`, made on the way when `isCreating`; null when absent. */
function walk(root: Record<string, unknown>, path: readonly string[], isCreating: boolean) {
  let target = root;
  for (const part of path) {
    let child = target[part];
    if (child === undefined || child === null || typeof child !== 'object') {
      if (!isCreating) return null;
      target[part] = child = {};
    }
    target = child as Record<string, unknown>;
  }
  return target;
}

function readValue(setting: ResolvedSettingKey, raw: string, readFile?: (path: string) => string): unknown {
  const { key } = setting;
  if (raw.startsWith('@')) return readJsonFile(key, raw.slice(1), readFile);
  const trimmed = raw.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (error) {
      // A text list item may start with "[" ("[AP] Chemistry*"); only a group needs JSON.
      if (setting.syntax === 'json') {
        throw new SettingsError('SETTINGS_INVALID', `"${key}" takes JSON: ${(error as Error).message}.`);
      }
    }
  }
  return readText(key, raw, setting.syntax);
}

function readJsonFile(key: string, file: string, readFile?: (path: string) => string): unknown {
  if (!readFile) {
    throw new SettingsError(
      'SETTINGS_FILE_INVALID',
      `"${key}=@${file}": files are read only on the command line.`,
    );
  }
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new SettingsError(
      'SETTINGS_FILE_INVALID',
      `"${key}=@${file}": cannot read the file (${(error as Error).message}).`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SettingsError(
      'SETTINGS_FILE_INVALID',
      `"${key}=@${file}": the file is not JSON (${(error as Error).message}).`,
    );
  }
}

function readText(key: string, raw: string, syntax: ValueSyntax): unknown {
  const text = raw.trim();
  switch (syntax) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'on', 'yes', '1'].includes(lower)) return true;
      if (['false', 'off', 'no', '0'].includes(lower)) return false;
      throw new SettingsError('SETTINGS_INVALID', `"${key}" takes on or off, not "${raw}".`);
    }
    case 'number': {
      const number = Number(text.replace(/%$/, ''));
      if (text === '' || !Number.isFinite(number)) {
        throw new SettingsError('SETTINGS_INVALID', `"${key}" takes a number, not "${raw}".`);
      }
      return number;
    }
    case 'text':
      return text;
    case 'zone':
      return text === '' || text.toLowerCase() === 'district' ? null : text;
    case 'list':
      return splitList(text);
    case 'listOrAll':
      return text.toLowerCase() === 'all' ? 'all' : splitList(text);
    case 'dateRanges':
      return splitList(text).map((item) => {
        const [from, to, ...extra] = item.split('..').map((part) => part.trim());
        if (extra.length > 0 || !from || to === '') {
          throw new SettingsError(
            'SETTINGS_INVALID',
            `"${key}" takes dates and ranges like 2026-06-20..2026-08-15, not "${item}".`,
          );
        }
        return { from, to: to ?? from };
      });
    case 'json':
      throw new SettingsError(
        'SETTINGS_INVALID',
        `"${key}" is a group of settings: give it JSON (inline, or @file), or set its settings one by one.`,
      );
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
