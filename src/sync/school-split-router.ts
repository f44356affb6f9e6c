import type { SnapshotClass, SnapshotPerson } from '../roster/snapshot.ts';
import { titlePatternToRegExp } from './classroom-filter-settings.ts';
import { gradeScale, isGradeRule, type SchoolSplit } from './school-mapping-settings.ts';

/** Routes the records of split source schools to directory schools (`schoolMapping.splits`). */
export interface SchoolSplitRouter {
  /** Whether any source school is split (when not, nothing else needs asking). */
  readonly hasSplits: boolean;
  isSplit(orgSisId: string): boolean;
  /** The directory school a class of a split school goes to; `null`: no rule and no `otherwise`. */
  routeClass(klass: SnapshotClass): string | null;
  /**
   * The directory schools a student or staff role at a split school goes to. `classSchools`
   * are the schools the person's classes at that source school were routed to.
   *
   * - grade split: a student by its grade (ungraded, `UG`, `Other`: `otherwise`); staff to the
   *   schools of their classes there, else to every school the split routes to;
   * - class split: both to the schools of their classes there, else to `otherwise`.
   */
  routePerson(
    orgSisId: string,
    role: 'student' | 'staff',
    person: SnapshotPerson,
    classSchools: ReadonlySet<string> | undefined,
  ): string[];
}

/** Pure: the split rules compiled once per run. */
export function schoolSplitRouter(splits: readonly SchoolSplit[]): SchoolSplitRouter {
  const bySource = new Map(splits.map((split) => [split.sourceSchoolId, compile(split)]));
  return {
    hasSplits: bySource.size > 0,
    isSplit: (orgSisId) => bySource.has(orgSisId),
    routeClass(klass) {
      const split = bySource.get(klass.schoolSisId);
      if (!split) throw new Error(`routeClass: ${klass.schoolSisId} is not split`);
      return split.routeClass(klass);
    },
    routePerson(orgSisId, role, person, classSchools) {
      const split = bySource.get(orgSisId);
      if (!split) throw new Error(`routePerson: ${orgSisId} is not split`);
      if (role === 'student' && split.isByGrade) {
        const school = split.routeGrade(typeof person.grade === 'string' ? [person.grade] : []);
        return school ? [school] : [];
      }
      if (classSchools && classSchools.size > 0) return [...classSchools];
      if (split.isByGrade && role === 'staff') return split.allSchools;
      return split.otherwise ? [split.otherwise] : [];
    },
  };
}

interface CompiledSplit {
  isByGrade: boolean;
  otherwise: string | null;
  allSchools: string[];
  routeGrade(grades: readonly string[]): string | null;
  routeClass(klass: SnapshotClass): string | null;
}

function compile(split: SchoolSplit): CompiledSplit {
  const otherwise = split.otherwise ?? null;
  const allSchools = [
    ...new Set([...split.rules.map((rule) => rule.directorySchoolId), ...(otherwise ? [otherwise] : [])]),
  ];
  const isByGrade = split.rules.every(isGradeRule);
  // The first rule in order that holds one of the grades; ungraded records go to `otherwise`.
  const routeGrade = (grades: readonly string[]): string | null => {
    const positions = grades.map((grade) => gradeScale.indexOf(grade)).filter((at) => at >= 0);
    for (const rule of split.rules) {
      if (!isGradeRule(rule)) continue;
      const from = gradeScale.indexOf(rule.grades[0]);
      const to = gradeScale.indexOf(rule.grades[1]);
      if (positions.some((at) => at >= from && at <= to)) return rule.directorySchoolId;
    }
    return otherwise;
  };
  const classRules = split.rules.flatMap((rule) => {
    if (isGradeRule(rule)) return [];
    const wanted = new Set(rule.matches.map((value) => value.toLowerCase()));
    const titles = rule.classAttribute === 'title' ? rule.matches.map(titlePatternToRegExp) : [];
    const matches = (klass: SnapshotClass): boolean => {
      const anyOf = (values: readonly string[]): boolean =>
        values.some((value) => wanted.has(value.toLowerCase()));
      switch (rule.classAttribute) {
        case 'subject':
          return anyOf(klass.subjects);
        case 'course':
          return klass.courseSisId !== null && anyOf([klass.courseSisId]);
        case 'period':
          return anyOf(klass.periods);
        case 'title':
          return titles.some((title) => title.test(klass.title));
      }
    };
    return [{ schoolId: rule.directorySchoolId, matches }];
  });
  return {
    isByGrade,
    otherwise,
    allSchools,
    routeGrade,
    routeClass: (klass) =>
      isByGrade
        ? routeGrade(klass.grades)
        : (classRules.find((rule) => rule.matches(klass))?.schoolId ?? otherwise),
  };
}
