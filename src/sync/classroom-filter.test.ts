import { describe, expect, it } from 'vitest';
import type { SnapshotClass } from '../roster/snapshot.ts';
import { classroomFilter } from './classroom-filter.ts';
import { classroomFiltersSchema } from './classroom-filter-settings.ts';

const school = '01900000-0000-7000-8000-000000000001';
const otherSchool = '01900000-0000-7000-8000-000000000002';

function klass(values: Partial<SnapshotClass>): SnapshotClass {
  return {
    sisId: 'C1',
    title: 'Math 7',
    schoolSisId: '0077',
    grades: ['07'],
    subjects: ['Math'],
    periods: ['2'],
    classType: 'scheduled',
    classCode: null,
    location: null,
    courseSisId: 'CRS-MATH',
    termSisIds: [],
    ...values,
  };
}

function judge(filters: Record<string, unknown>, values: Partial<SnapshotClass>, schoolId = school) {
  return classroomFilter(classroomFiltersSchema.parse(filters))(klass(values), schoolId);
}

describe('classroom filters', () => {
  it('keeps every class when no filter is set', () => {
    expect(judge({}, {})).toBeNull();
  });

  it('keeps homerooms by class type or by a Clever homeroom subject', () => {
    expect(judge({ homeroomOnly: true }, { classType: 'homeroom' })).toBeNull();
    expect(judge({ homeroomOnly: true }, { classType: null, subjects: ['Homeroom/Advisory'] })).toBeNull();
    expect(judge({ homeroomOnly: true }, {})).toBe('homeroomOnly');
  });

  it('matches list filters on any value, ignoring case', () => {
    expect(judge({ subjects: ['math', 'Science'] }, {})).toBeNull();
    expect(judge({ subjects: ['Science'] }, {})).toBe('subjects');
    expect(judge({ courses: ['crs-math'] }, {})).toBeNull();
    expect(judge({ courses: ['CRS-ART'] }, { courseSisId: null })).toBe('courses');
    expect(judge({ periods: ['1', '2'] }, {})).toBeNull();
    expect(judge({ periods: ['1'] }, {})).toBe('periods');
    expect(judge({ grades: ['7', '8'] }, { grades: ['06', '07'] })).toBeNull();
    expect(judge({ grades: ['K'] }, {})).toBe('grades');
    expect(judge({ titlePatterns: ['math *'] }, {})).toBeNull();
    expect(judge({ titlePatterns: ['Science*'] }, {})).toBe('titlePatterns');
  });

  it('filters by the directory school the class maps to', () => {
    expect(judge({ schools: [school] }, {})).toBeNull();
    expect(judge({ schools: [school] }, {}, otherSchool)).toBe('schools');
  });

  it('keeps a class only when it passes every filter set, naming the first it fails', () => {
    expect(judge({ subjects: ['Math'], periods: ['3'] }, {})).toBe('periods');
    expect(judge({ homeroomOnly: true, subjects: ['Science'] }, {})).toBe('homeroomOnly');
  });
});
