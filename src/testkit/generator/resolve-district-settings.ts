import type { DistrictSettings } from './district-model.ts';
import { GeneratorError } from './generator-error.ts';

/** What a fresh district is asked for; unset values take the defaults below. */
export interface DistrictOptions {
  students: number;
  /** Default: one school per 500 students, at least 3 (an elementary, a middle, a high school). */
  schools?: number;
  /** Default 1. */
  seed?: number;
  /** The year the school year starts in; default 2026 (2026-08-15 … 2027-06-15). */
  schoolYear?: number;
}

export const defaultSeed = 1;
export const defaultSchoolYear = 2026;
/** Students per school when the school count is not given (about a US average). */
const studentsPerSchool = 500;
/** The benchmark goes to a million; ten times that still fits the index ranges used. */
const maxStudents = 10_000_000;

export function defaultSchoolCount(students: number): number {
  return Math.max(3, Math.round(students / studentsPerSchool));
}

/** Checks the options and fills in the defaults, for day 0. */
export function resolveDistrictSettings(options: DistrictOptions): DistrictSettings {
  const { students } = options;
  requireInteger('students', students, 1, maxStudents);
  const schools = options.schools ?? defaultSchoolCount(students);
  requireInteger('schools', schools, 3, Math.max(3, students));
  const seed = options.seed ?? defaultSeed;
  requireInteger('seed', seed, 0, 2 ** 32 - 1);
  const schoolYear = options.schoolYear ?? defaultSchoolYear;
  requireInteger('school year', schoolYear, 1900, 2999);
  return { seed, students, schools, schoolYear, rates: [] };
}

/** Checks a next day's change rate: a fraction such as 0.01. */
export function requireRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > 0.5) {
    throw new GeneratorError(
      'GENERATOR_OPTION_INVALID',
      `The change rate must be a fraction between 0 and 0.5 (0.01 = 1 %); got ${rate}.`,
    );
  }
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GeneratorError(
      'GENERATOR_OPTION_INVALID',
      `The ${name} must be a whole number from ${min} to ${max}; got ${value}.`,
    );
  }
}
