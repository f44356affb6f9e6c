import type { Subject } from './course-catalog.ts';
import type { DistrictPlan, SchoolPlan } from './district-model.ts';

/** A class while a school is being built and changed day by day. */
export interface SectionState {
  seq: number;
  /** Index into the school's grades. */
  grade: number;
  /** 0 for homerooms, 1–8 for scheduled periods. */
  period: number;
  subject: Subject;
  /** Staff indexes, primary teacher first. */
  teachers: number[];
  aides: number[];
  /** Global student indexes. */
  members: number[];
  /** Day each member joined (parallel to `members`). */
  joinDays: number[];
  createdDay: number;
}

export interface StudentState {
  index: number;
  /** Index into the school's grades. */
  grade: number;
}

/**
 * One school's students and classes on the day reached so far. Only one school is held at a
 * time: this is the unit that bounds the generator's memory.
 */
export interface SchoolState {
  school: SchoolPlan;
  students: StudentState[];
  sections: SectionState[];
  nextSeq: number;
}

/** Secondary periods; a student takes six to eight of them. */
export const periodCount = 8;
/** Teachers shared with the next school teach here in periods 1–4 and there in 5–8. */
export const lastHomePeriodOfSharedTeachers = 4;

/**
 * The teachers who may teach a secondary period at a school: its own teachers, minus those
 * who are at their second school in the afternoon, plus those who come from the previous
 * school of the same level for the afternoon. A period never has more sections than this
 * pool has teachers (see `planStaff`), so nobody is in two rooms at once.
 */
export function periodTeacherPool(plan: DistrictPlan, school: SchoolPlan, period: number): number[] {
  const pool: number[] = [];
  const isAfternoon = period > lastHomePeriodOfSharedTeachers;
  const ownCount = isAfternoon ? school.teacherCount - school.sharedTeacherCount : school.teacherCount;
  for (let k = 0; k < ownCount; k++) pool.push(school.teacherStart + k);
  if (isAfternoon && school.lendingSchool !== null) {
    const previous = plan.schools[school.lendingSchool]!;
    const firstShared = previous.teacherStart + previous.teacherCount - previous.sharedTeacherCount;
    for (let k = 0; k < previous.sharedTeacherCount; k++) pool.push(firstShared + k);
  }
  return pool;
}

/** Groups sections that share students' slot: same grade and period. */
export function sectionGroupKey(section: Pick<SectionState, 'grade' | 'period'>): number {
  return section.grade * 16 + section.period;
}
