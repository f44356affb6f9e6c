import { z } from 'zod';
import { DirectoryError } from '../directory/directory-error.ts';
import { entityTypes, type EntityType } from '../roster/snapshot.ts';
import { closestName } from '../validate/closest-name.ts';
import { classroomFiltersSchema } from './classroom-filter-settings.ts';
import { cleverSettingsSchema } from './clever-settings.ts';
import { schoolMappingSchema } from './school-mapping-settings.ts';
import type { SettingsCode } from './settings-codes.ts';

/** Share of a type's sync-owned records one run may archive or remove (SPEC §4). */
export const defaultThresholdPercent = 10;
/** Below this many removals the percentage is not applied: small districts need room too. */
export const defaultThresholdFloor = 5;
/** SPEC §2.3: a student row links up to six guardians. */
export const defaultMaxGuardiansPerStudent = 6;
/** More would be a data problem, not a family: the cap exists to catch it. */
export const maxGuardiansPerStudentLimit = 20;
/** Scheduled runs start at night, district time, when nobody is editing rosters. */
export const defaultStartTime = '02:00';

const threshold = z
  .object({
    percent: z.number().min(0).max(100),
    floor: z.number().int('a whole number').min(0),
  })
  .strict();

/** A per-type override: what it leaves out follows the general threshold. */
const thresholdOverride = threshold.partial().strict();

const isoDate = z.iso.date('a date YYYY-MM-DD');

/** Inclusive, in the config's time zone. */
const dateRange = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((range) => range.from <= range.to, { error: 'a range ends on or after the day it starts' });

/**
 * An IANA zone (Area/Location, or UTC), stored in its canonical spelling. Abbreviations such
 * as EST are refused: ICU reads EST as America/Panama, which has no daylight saving time.
 */
const timeZone = z
  .string()
  .trim()
  .refine((zone) => zone === 'UTC' || (/^[A-Za-z]+\/[A-Za-z0-9_+\-/]+$/.test(zone) && canonicalZone(zone)), {
    error: 'an IANA time zone such as America/Chicago',
  })
  .transform((zone) => canonicalZone(zone) ?? zone);

function canonicalZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The settings of a sync config (SPEC §4), validated, with defaults filled in. Stored as
 * camelCase JSON in `sync_configs.settings`, except `enabled`, which is the `is_enabled`
 * column (the scheduler looks configs up by it). Each field's meaning, default and syntax is
 * in README "Configuration"; `setting-keys.ts` names the keys the CLI accepts.
 */
export const syncSettingsSchema = z
  .object({
    /** Daily scheduled runs. Off until the admin enables them; `sync` runs a config regardless. */
    enabled: z.boolean().default(false),
    /** When the daily run starts, HH:MM (24-hour) in `timeZone`. */
    startTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time HH:MM such as 02:00')
      .default(defaultStartTime),
    /** The schedule's zone; null: the district's. */
    timeZone: timeZone.nullable().default(null),
    /** Date ranges with no scheduled runs (summer rollover), inclusive. */
    blackoutDates: z.array(dateRange).default([]),
    deletionThreshold: threshold.default({ percent: defaultThresholdPercent, floor: defaultThresholdFloor }),
    /** Per-type overrides of the deletion threshold. */
    deletionThresholdByType: z
      .partialRecord(z.enum(entityTypes), thresholdOverride)
      // An override left with no field (both reset) is no override.
      .transform(
        (byType) =>
          Object.fromEntries(
            Object.entries(byType).filter(([, override]) => Object.keys(override ?? {}).length > 0),
          ) as typeof byType,
      )
      .default({}),
    /** Which source field becomes the student's id: the SIS id or the student number. */
    studentId: z.enum(['sis_id', 'student_number']).default('sis_id'),
    /** What happens to students that leave the source. */
    archivedStudents: z.enum(['archive', 'keep']).default('archive'),
    /**
     * Which source phone is the mobile used to sign in and for SMS; the other becomes the home
     * phone (`contact-fields.ts`). A guardian needs an email or this mobile (SPEC §6).
     */
    phoneCredential: z.enum(['sms', 'phone']).default('sms'),
    /** Guardians come from this source. */
    manageGuardians: z.boolean().default(true),
    /** Revive synced classrooms archived by hand while the source still sends them. */
    unarchiveClassrooms: z.boolean().default(false),
    /** The source overwrites the contact details of users who activated their account (SPEC §6). */
    updateActiveContacts: z.boolean().default(false),
    /** A person's language follows the source; off: the sync never changes a language. */
    updateLanguage: z.boolean().default(true),
    clever: cleverSettingsSchema.default(() => cleverSettingsSchema.parse({})),
    classroomFilters: classroomFiltersSchema.default(() => classroomFiltersSchema.parse({})),
    maxGuardiansPerStudent: z
      .number()
      .int('a whole number')
      .min(1)
      .max(maxGuardiansPerStudentLimit)
      .default(defaultMaxGuardiansPerStudent),
    /** ISO 3166 region phone numbers without a country code belong to. */
    phoneRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US')
      .default('US'),
    schoolMapping: schoolMappingSchema.default({ splits: [] }),
  })
  .strict();

export type SyncSettings = z.output<typeof syncSettingsSchema>;

/** The deletion threshold of one type: its override, field by field, else the general one. */
export function thresholdFor(settings: SyncSettings, entity: EntityType): { percent: number; floor: number } {
  return { ...settings.deletionThreshold, ...settings.deletionThresholdByType[entity] };
}

/** Parses stored settings, filling in defaults. Throws a readable `SETTINGS_INVALID` for bad input. */
export function parseSyncSettings(input: unknown): SyncSettings {
  const result = syncSettingsSchema.safeParse(input ?? {});
  if (!result.success) throw new SettingsError('SETTINGS_INVALID', describeIssues(result.error));
  return result.data;
}

/** Every setting at its default. */
export function defaultSyncSettings(): SyncSettings {
  return parseSyncSettings({});
}

/** A refused setting or configuration: a code from `settings-codes.ts` and the reason. */
export class SettingsError extends DirectoryError {
  constructor(
    override readonly code: SettingsCode,
    message: string,
    /** Every problem, when there are several (the message lists them too). */
    readonly details: readonly { code: SettingsCode; message: string }[] = [{ code, message }],
  ) {
    super(code, message);
  }
}

/** Property names anywhere in the settings, for did-you-mean on unrecognised JSON keys. */
const knownProperties = [
  ...new Set([
    ...Object.keys(syncSettingsSchema.shape),
    ...Object.keys(cleverSettingsSchema.shape),
    ...Object.keys(classroomFiltersSchema.shape),
    ...Object.keys(threshold.shape),
    ...entityTypes,
    'splits',
    'sourceSchoolId',
    'rules',
    'otherwise',
    'directorySchoolId',
    'grades',
    'classAttribute',
    'matches',
    'from',
    'to',
  ]),
];

function describeIssues(error: z.ZodError): string {
  return readableIssues(error.issues, [])
    .map(({ issue, path }) => {
      const where = path.map(String).join('.') || 'settings';
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => {
            const suggestion = closestProperty(key);
            return `${where}: unknown setting "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
          })
          .join('; ');
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Issues with their full paths. A value that matches no branch of a union is explained by
 * the branch it came closest to (fewest issues, then the deepest one: `["Mobile"]` is a list
 * with a wrong item, not a wrong `all`); when no branch stands out, by the union's message.
 */
function readableIssues(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PropertyKey[],
): { issue: z.core.$ZodIssue; path: PropertyKey[] }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ issue, path }];
    const depth = (branch: readonly z.core.$ZodIssue[]): number =>
      Math.max(...branch.map((i) => i.path.length));
    const ranked = [...issue.errors].sort((a, b) => a.length - b.length || depth(b) - depth(a));
    const [best, next] = ranked as [z.core.$ZodIssue[], z.core.$ZodIssue[] | undefined];
    const isClear = !next || best.length < next.length || depth(best) > depth(next);
    return isClear ? readableIssues(best, path) : [{ issue, path }];
  });
}

function closestProperty(key: string): string | null {
  return closestName(key.replace(/[_-]/g, ''), knownProperties);
}
