import { z } from 'zod';
import { cedsGrades, normalizeGrade } from '../roster/normalize-grade.ts';

/** A list of trimmed, non-empty texts; repeats (ignoring case) are dropped. */
export function textList(itemMaxLength = 200) {
  return z
    .array(z.string().trim().min(1, 'an empty value').max(itemMaxLength))
    .transform((items) => uniqueIgnoringCase(items));
}

function uniqueIgnoringCase(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A grade as CEDS spells it when it is one (`K` → `KG`, `1` → `01`); anything else as given. */
export function canonicalGrade(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const normalized = normalizeGrade(value);
  return 'value' in normalized && normalized.value !== null ? normalized.value : value;
}

const grade = z.preprocess(
  canonicalGrade,
  z.enum(cedsGrades, { error: `a CEDS grade: ${cedsGrades.join(', ')}` }),
);

/**
 * A title pattern is a glob, not a regular expression: admins write them, `*` and `?` are
 * all they need, and a glob cannot be catastrophically slow on a million class titles.
 */
const titlePattern = z
  .string()
  .trim()
  .min(1, 'an empty pattern')
  .max(200)
  .refine((pattern) => !/^[*?]+$/.test(pattern), {
    error: 'matches every title; leave titlePatterns empty to keep every class',
  });

/**
 * Which source classes become classrooms. A class is kept when it passes every filter that is
 * set; a list filter passes when any of its values matches. Empty lists filter nothing.
 * Compared without regard to case.
 */
export const classroomFiltersSchema = z
  .object({
    /** Only homerooms (class type `homeroom`, or Clever's homeroom/advisory subject). */
    homeroomOnly: z.boolean().default(false),
    /** Subject names, as the source spells them. */
    subjects: textList().default([]),
    /** Course SIS ids (OneRoster courseSourcedId, Clever course id). */
    courses: textList().default([]),
    periods: textList().default([]),
    /** CEDS grades; a class is kept when one of its grades is listed. */
    grades: z
      .array(grade)
      .transform((grades) => [...new Set(grades)])
      .default([]),
    /** Glob patterns over the whole title: `*` any run of characters, `?` one character. */
    titlePatterns: z
      .array(titlePattern)
      .transform((patterns) => uniqueIgnoringCase(patterns))
      .default([]),
    /** Directory school ids; classes of other schools are not synced. */
    schools: z
      .array(z.uuid('a directory school id (see `rostersync school list`)'))
      .transform((ids) => [...new Set(ids)])
      .default([]),
  })
  .strict();

export type ClassroomFilters = z.output<typeof classroomFiltersSchema>;

/** The regular expression a title pattern stands for: whole title, any case. */
export function titlePatternToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}
