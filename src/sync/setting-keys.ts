import { entityTypes } from '../roster/snapshot.ts';
import { closestName } from '../validate/closest-name.ts';

/**
 * How a `key=value` text value is read (a value starting with `@` is always a JSON file, and
 * one that is a JSON object or array is read as JSON):
 * - `boolean`: on/off, true/false, yes/no, 1/0;
 * - `number`: a number, a trailing `%` allowed;
 * - `text`: the text, trimmed;
 * - `zone`: an IANA zone, or `district` for the district's;
 * - `list`: comma-separated, empty for none;
 * - `listOrAll`: `all`, or a list;
 * - `dateRanges`: comma-separated `YYYY-MM-DD..YYYY-MM-DD` or single days, empty for none;
 * - `json`: JSON only (inline or `@file`).
 */
export type ValueSyntax =
  'boolean' | 'number' | 'text' | 'zone' | 'list' | 'listOrAll' | 'dateRanges' | 'json';

export interface SettingKey {
  /** Dotted path into the settings; `TYPE` stands for an entity type. */
  key: string;
  syntax: ValueSyntax;
  /** The one source kind that uses it; every source when absent. */
  source?: string;
}

/** Stands for an entity type in a key (`deletionThresholdByType.TYPE.percent`). */
export const entityTypePlaceholder = 'TYPE';

/** Every setting a `key=value` can name, leaf by leaf, in the order `config show` lists them. */
export const settingKeys: readonly SettingKey[] = [
  { key: 'enabled', syntax: 'boolean' },
  { key: 'startTime', syntax: 'text' },
  { key: 'timeZone', syntax: 'zone' },
  { key: 'blackoutDates', syntax: 'dateRanges' },
  { key: 'deletionThreshold.percent', syntax: 'number' },
  { key: 'deletionThreshold.floor', syntax: 'number' },
  { key: 'deletionThresholdByType.TYPE.percent', syntax: 'number' },
  { key: 'deletionThresholdByType.TYPE.floor', syntax: 'number' },
  { key: 'studentId', syntax: 'text' },
  { key: 'archivedStudents', syntax: 'text' },
  { key: 'phoneCredential', syntax: 'text' },
  { key: 'manageGuardians', syntax: 'boolean' },
  { key: 'unarchiveClassrooms', syntax: 'boolean' },
  { key: 'updateActiveContacts', syntax: 'boolean' },
  { key: 'updateLanguage', syntax: 'boolean' },
  { key: 'clever.schoolScope', syntax: 'text', source: 'clever' },
  { key: 'clever.contactTypes', syntax: 'list', source: 'clever' },
  { key: 'clever.relationships', syntax: 'listOrAll', source: 'clever' },
  { key: 'clever.phoneTypes', syntax: 'listOrAll', source: 'clever' },
  { key: 'clever.fullSyncEveryDays', syntax: 'number', source: 'clever' },
  { key: 'classroomFilters.homeroomOnly', syntax: 'boolean' },
  { key: 'classroomFilters.subjects', syntax: 'list' },
  { key: 'classroomFilters.courses', syntax: 'list' },
  { key: 'classroomFilters.periods', syntax: 'list' },
  { key: 'classroomFilters.grades', syntax: 'list' },
  { key: 'classroomFilters.titlePatterns', syntax: 'list' },
  { key: 'classroomFilters.schools', syntax: 'list' },
  { key: 'maxGuardiansPerStudent', syntax: 'number' },
  { key: 'phoneRegion', syntax: 'text' },
  { key: 'schoolMapping.splits', syntax: 'json' },
];

/** A key as resolved: its path in the settings and how its value is read. */
export interface ResolvedSettingKey {
  /** Canonical dotted key, entity type filled in (`deletionThresholdByType.students.floor`). */
  key: string;
  path: string[];
  /** `json` for a group of settings (`classroomFilters`), which only JSON can set. */
  syntax: ValueSyntax;
  source?: string;
}

/** Keys compare without regard to case, `_` and `-`: `manage_guardians` is `manageGuardians`. */
function normalize(segment: string): string {
  return segment.toLowerCase().replace(/[_-]/g, '');
}

const normalizedTypes = new Map(entityTypes.map((type) => [normalize(type), type as string]));

/**
 * Resolves a key, spelled in any case, with `_` or `-`, or by its older names, to its place
 * in the settings; null when no setting or group has that name.
 * - `deletion_threshold_percent`, `deletion_threshold_floor` (and `.TYPE` after them): the
 *   names of the first release;
 * - `threshold.percent`, `threshold.TYPE.floor`, `deletionThreshold.TYPE.percent`: short for
 *   `deletionThreshold.*` and `deletionThresholdByType.TYPE.*`.
 * - `fullSyncEveryDays`: short for `clever.fullSyncEveryDays`.
 */
export function resolveSettingKey(raw: string): ResolvedSettingKey | null {
  const segments = aliasSegments(raw.trim().split('.').map(normalize));
  if (segments.some((segment) => segment === '')) return null;
  let group: string[] | null = null;
  for (const setting of settingKeys) {
    const canonical = setting.key.split('.');
    if (segments.length > canonical.length) continue;
    const path: string[] = [];
    const isMatch = segments.every((segment, index) => {
      const part = canonical[index] as string;
      if (part === entityTypePlaceholder) {
        const type = normalizedTypes.get(segment);
        if (type) path.push(type);
        return type !== undefined;
      }
      path.push(part);
      return normalize(part) === segment;
    });
    if (!isMatch) continue;
    if (segments.length === canonical.length) {
      return {
        key: path.join('.'),
        path,
        syntax: setting.syntax,
        ...(setting.source ? { source: setting.source } : {}),
      };
    }
    group ??= path;
  }
  return group ? { key: group.join('.'), path: group, syntax: 'json' } : null;
}

function aliasSegments(segments: string[]): string[] {
  const [first, second, ...rest] = segments;
  // The one Clever setting read on its own, not beside the contact filters: `fullSyncEveryDays=3`.
  if (first === 'fullsynceverydays' && second === undefined) return ['clever', first];
  if (first === 'deletionthresholdpercent' || first === 'deletionthresholdfloor') {
    const field = first === 'deletionthresholdpercent' ? 'percent' : 'floor';
    if (second === undefined) return ['deletionthreshold', field];
    if (rest.length === 0) return ['deletionthresholdbytype', second, field];
    return segments;
  }
  if (first === 'threshold' || first === 'deletionthreshold') {
    if (second !== undefined && normalizedTypes.has(second))
      return ['deletionthresholdbytype', second, ...rest];
    return ['deletionthreshold', ...segments.slice(1)];
  }
  return segments;
}

/** Every key a user could have meant, entity types spelled out, for did-you-mean. */
const candidateKeys: readonly string[] = [
  ...settingKeys.flatMap((setting) =>
    setting.key.includes(entityTypePlaceholder)
      ? entityTypes.map((type) => setting.key.replace(entityTypePlaceholder, type))
      : [setting.key],
  ),
  'schoolMapping',
  'classroomFilters',
  'clever',
];

/** The key a misspelt one most likely meant, or null. */
export function suggestSettingKey(raw: string): string | null {
  const byNormalized = new Map(candidateKeys.map((key) => [normalize(key), key]));
  const match = closestName(normalize(raw), byNormalized.keys());
  return match === null ? null : (byNormalized.get(match) ?? null);
}

/** The value at a dotted key's path (`settingValueAt(settings, ['clever', 'phoneTypes'])`). */
export function settingValueAt(settings: unknown, path: readonly string[]): unknown {
  let value = settings;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}
