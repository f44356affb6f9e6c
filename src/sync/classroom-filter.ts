import type { SnapshotClass } from '../roster/snapshot.ts';
import { titlePatternToRegExp, type ClassroomFilters } from './classroom-filter-settings.ts';

/** The filters of `classroomFilters`, in the order a class is judged by them. */
export const classroomFilterNames = [
  'schools',
  'homeroomOnly',
  'subjects',
  'courses',
  'periods',
  'grades',
  'titlePatterns',
] as const;

export type ClassroomFilterName = (typeof classroomFilterNames)[number];

/** Clever has no class type: its homerooms are sections whose subject says so. */
const homeroomSubjects = new Set(['homeroom', 'homeroom/advisory', 'advisory']);

/**
 * The classroom filters as one test: the first filter a class fails (in
 * `classroomFilterNames` order, so a report names one reason per class), or `null` when the
 * class is kept. `schoolId` is the directory school the class maps to. Every comparison
 * ignores case; empty lists filter nothing (SPEC §4, `classroomFiltersSchema`).
 */
export function classroomFilter(
  filters: ClassroomFilters,
): (klass: SnapshotClass, schoolId: string) => ClassroomFilterName | null {
  const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));
  const subjects = lower(filters.subjects);
  const courses = lower(filters.courses);
  const periods = lower(filters.periods);
  const grades = lower(filters.grades);
  const schools = new Set(filters.schools);
  const titles = filters.titlePatterns.map(titlePatternToRegExp);
  const anyIn = (values: readonly string[], wanted: Set<string>): boolean =>
    values.some((value) => wanted.has(value.toLowerCase()));
  return (klass, schoolId) => {
    if (schools.size > 0 && !schools.has(schoolId)) return 'schools';
    if (
      filters.homeroomOnly &&
      klass.classType !== 'homeroom' &&
      !klass.subjects.some((subject) => homeroomSubjects.has(subject.toLowerCase()))
    ) {
      return 'homeroomOnly';
    }
    if (subjects.size > 0 && !anyIn(klass.subjects, subjects)) return 'subjects';
    if (courses.size > 0 && !(klass.courseSisId !== null && courses.has(klass.courseSisId.toLowerCase()))) {
      return 'courses';
    }
    if (periods.size > 0 && !anyIn(klass.periods, periods)) return 'periods';
    if (grades.size > 0 && !anyIn(klass.grades, grades)) return 'grades';
    if (titles.length > 0 && !titles.some((title) => title.test(klass.title))) return 'titlePatterns';
    return null;
  };
}
