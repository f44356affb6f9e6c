import { z } from 'zod';
import { textList } from './classroom-filter-settings.ts';

/** Clever's contact types (`student_relationships[].type`). */
export const cleverContactTypes = [
  'Parent/Guardian',
  'Emergency',
  'Primary',
  'Secondary',
  'Family',
  'Other',
] as const;
/** Clever's phone types (`roles.contact.phone_type`). */
export const cleverPhoneTypes = ['Cell', 'Home', 'Work', 'Other'] as const;

/** One of `options`, read without regard to case and stored in Clever's spelling. */
function cleverWord<const T extends readonly [string, ...string[]]>(options: T) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? (options.find((option) => option.toLowerCase() === value.trim().toLowerCase()) ?? value)
        : value,
    z.enum(options, { error: `one of ${options.join(', ')}` }),
  );
}

function wordList<const T extends readonly [string, ...string[]]>(options: T) {
  return z
    .array(cleverWord(options))
    .min(1, 'at least one value')
    .transform((items) => [...new Set(items)]);
}

/** `all`, or a non-empty list. */
function allOr<T extends z.ZodType>(list: T, what: string) {
  return z.union([z.literal('all'), list], { error: `"all", or a list of ${what}` });
}

/**
 * Settings only a Clever config uses (SPEC §2.1). On other sources they stay at their
 * defaults: setting one is refused (`SETTING_NOT_FOR_SOURCE`).
 */
export const cleverSettingsSchema = z
  .object({
    /** `primary`: a student belongs to `roles.student.school` only; `all`: every school in `schools[]`. */
    schoolScope: z.enum(['primary', 'all']).default('primary'),
    /** Contact types that become guardians. */
    contactTypes: wordList(cleverContactTypes).default(['Parent/Guardian']),
    /**
     * Relationships that become guardians, as the SIS spells them (Parent, Grandparent,
     * Aunt…; Clever passes the SIS's words through), compared without regard to case.
     */
    relationships: allOr(
      textList().pipe(z.array(z.string()).min(1, 'at least one value')),
      'relationships',
    ).default('all'),
    /** Phone types whose number is used (as the mobile); other numbers are left out. */
    phoneTypes: allOr(wordList(cleverPhoneTypes), cleverPhoneTypes.join(', ')).default('all'),
    /**
     * Days between full reads, in days (default 7, 1..30). Runs in between read only Clever's
     * events when they can (SPEC §2.1); a full read still comes at least this often, because
     * some changes (sharing rules, relationships) reach Clever without an event. At most 30:
     * Clever keeps events for 30 days.
     */
    fullSyncEveryDays: z
      .number({ error: 'a whole number of days' })
      .int('a whole number of days')
      .min(1, 'at least 1 day')
      .max(30, 'at most 30 days: Clever keeps events for 30 days')
      .default(7),
  })
  .strict();

export type CleverSettings = z.output<typeof cleverSettingsSchema>;
