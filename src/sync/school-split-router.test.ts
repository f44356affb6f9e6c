import { describe, expect, it } from 'vitest';
import type { SnapshotClass, SnapshotPerson } from '../roster/snapshot.ts';
import { schoolMappingSchema } from './school-mapping-settings.ts';
import { schoolSplitRouter } from './school-split-router.ts';

const [lower, upper, other] = [
  '01900000-0000-7000-8000-000000000001',
  '01900000-0000-7000-8000-000000000002',
  '01900000-0000-7000-8000-000000000003',
];

function router(split: Record<string, unknown>) {
  return schoolSplitRouter(
    schoolMappingSchema.parse({ splits: [{ sourceSchoolId: '0099', ...split }] }).splits,
  );
}

const klass = (values: Partial<SnapshotClass>): SnapshotClass => ({
  sisId: 'C1',
  title: 'Math 7',
  schoolSisId: '0099',
  grades: [],
  subjects: [],
  periods: [],
  classType: 'scheduled',
  classCode: null,
  location: null,
  courseSisId: null,
  termSisIds: [],
  ...values,
});
const student = (grade: string | null) => ({ sisId: 'S1', grade }) as unknown as SnapshotPerson;

describe('school split router', () => {
  const byGrade = router({
    rules: [
      { directorySchoolId: lower, grades: ['IT', '05'] },
      { directorySchoolId: upper, grades: ['06', 'PS'] },
    ],
    otherwise: other,
  });

  it('routes students by grade and ungraded ones to otherwise', () => {
    expect(byGrade.routePerson('0099', 'student', student('KG'), undefined)).toEqual([lower]);
    expect(byGrade.routePerson('0099', 'student', student('08'), new Set([lower]))).toEqual([upper]);
    expect(byGrade.routePerson('0099', 'student', student('UG'), undefined)).toEqual([other]);
    expect(byGrade.routePerson('0099', 'student', student(null), undefined)).toEqual([other]);
  });

  it('routes a class by the first rule holding one of its grades', () => {
    expect(byGrade.routeClass(klass({ grades: ['05', '06'] }))).toBe(lower);
    expect(byGrade.routeClass(klass({ grades: ['Other'] }))).toBe(other);
  });

  it('sends staff to their classes’ schools, else to every school of a grade split', () => {
    expect(byGrade.routePerson('0099', 'staff', student(null), new Set([upper]))).toEqual([upper]);
    expect(byGrade.routePerson('0099', 'staff', student(null), undefined)).toEqual([lower, upper, other]);
  });

  it('routes classes by attribute, ignoring case, and the rest to otherwise', () => {
    const byClass = router({
      rules: [
        { directorySchoolId: lower, classAttribute: 'course', matches: ['mag-101'] },
        { directorySchoolId: upper, classAttribute: 'title', matches: ['AP *'] },
      ],
      otherwise: other,
    });
    expect(byClass.routeClass(klass({ courseSisId: 'MAG-101' }))).toBe(lower);
    expect(byClass.routeClass(klass({ title: 'ap Chemistry' }))).toBe(upper);
    expect(byClass.routeClass(klass({}))).toBe(other);
    expect(byClass.routePerson('0099', 'student', student('07'), undefined)).toEqual([other]);
  });
});
