import { z } from 'zod';
import { cedsGrades } from '../roster/normalize-grade.ts';
import { canonicalGrade } from './classroom-filter-settings.ts';

/**
 * The CEDS grades in order, the scale grade ranges are read on. `UG` (ungraded) and `Other`
 * have no place on it: records with those grades, or none, are routed by a split's `otherwise`.
 */
export const gradeScale: readonly string[] = cedsGrades.filter(
  (grade) => grade !== 'UG' && grade !== 'Other',
);

/** The class attributes a split rule may route by. */
export const splitClassAttributes = ['subject', 'course', 'period', 'title'] as const;

const schoolId = z.uuid('a directory school id (see `rostersync school list`)');

/** A CEDS grade on the scale; `K`, `1`… are read as `KG`, `01`… */
const scaleGrade = z.preprocess(
  canonicalGrade,
  z.string().refine((grade) => gradeScale.includes(grade), {
    error: `a CEDS grade on the scale ${gradeScale.join(', ')}`,
  }),
);

const gradeRule = z
  .object({
    directorySchoolId: schoolId,
    /** Inclusive range on the grade scale, lowest first: `["KG", "05"]`. */
    grades: z.tuple([scaleGrade, scaleGrade]),
  })
  .strict()
  .refine((rule) => gradeScale.indexOf(rule.grades[0]) <= gradeScale.indexOf(rule.grades[1]), {
    error: 'a grade range goes from the lower grade to the higher one',
    path: ['grades'],
  });

const classRule = z
  .object({
    directorySchoolId: schoolId,
    classAttribute: z.enum(splitClassAttributes),
    /**
     * Values the attribute must equal (case-insensitively); for `title`, glob patterns as in
     * the title filter.
     */
    matches: z.array(z.string().trim().min(1).max(200)).min(1),
  })
  .strict();

export type GradeSplitRule = z.output<typeof gradeRule>;
export type ClassSplitRule = z.output<typeof classRule>;
export type SplitRule = GradeSplitRule | ClassSplitRule;

export function isGradeRule(rule: SplitRule): rule is GradeSplitRule {
  return 'grades' in rule;
}

const schoolSplit = z
  .object({
    /** The source school (org sourcedId) whose records are split. */
    sourceSchoolId: z.string().trim().min(1),
    /** In order; the first rule that matches a record routes it. */
    rules: z.array(z.union([gradeRule, classRule])).min(1),
    /**
     * Where records no rule routes go: ungraded ones in a grade split, classes matching no
     * rule in a class split. Required for a class split.
     */
    otherwise: schoolId.optional(),
  })
  .strict()
  .refine((split) => split.rules.every(isGradeRule) || !split.rules.some(isGradeRule), {
    error: 'a split routes either by grade or by class attribute, not both',
    path: ['rules'],
  });

export type SchoolSplit = z.output<typeof schoolSplit>;

/**
 * The config's part of the school mapping. Plain mapping (one source school to one directory
 * school, or several merged into one) is the School IDs the directory schools carry, shared
 * by every config of the district; what a config adds are split rules, which route one source
 * school's records to several directory schools.
 */
export const schoolMappingSchema = z
  .object({
    splits: z.array(schoolSplit).default([]),
  })
  .strict();

export type SchoolMapping = z.output<typeof schoolMappingSchema>;
