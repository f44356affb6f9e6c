import { homeroomSubject } from './course-catalog.ts';
import { teacherSubject } from './describe-staff.ts';
import type { DistrictPlan, SchoolPlan } from './district-model.ts';
import { randomStreams } from './random-streams.ts';
import {
  periodCount,
  periodTeacherPool,
  type SchoolState,
  type SectionState,
  type StudentState,
} from './school-state.ts';
import { chooseSectionCount, splitIntoSections } from './section-sizes.ts';
import { createRandom, mixSeed, type Random } from './seeded-random.ts';

/**
 * Builds a school's day-0 classes. Elementary students sit in one homeroom each; secondary
 * students take six to eight of eight periods, and each grade's students in a period are
 * split into scheduled sections. Classes have 18–32 students except the remainders that
 * `chooseSectionCount` documents.
 */
export function buildSchool(plan: DistrictPlan, school: SchoolPlan): SchoolState {
  const random = createRandom(mixSeed(plan.settings.seed, randomStreams.school, school.index));
  const students: StudentState[] = [];
  const byGrade: number[][] = school.grades.map(() => []);
  let index = school.studentStart;
  school.gradeStudentCounts.forEach((count, grade) => {
    for (let i = 0; i < count; i++, index++) {
      students.push({ index, grade });
      byGrade[grade]!.push(index);
    }
  });
  const state: SchoolState = { school, students, sections: [], nextSeq: 1 };
  if (school.level === 'elementary') buildHomerooms(plan, state, byGrade, random);
  else buildScheduledSections(plan, state, byGrade, random);
  return state;
}

function buildHomerooms(plan: DistrictPlan, state: SchoolState, byGrade: number[][], random: Random): void {
  const { school } = state;
  byGrade.forEach((gradeStudents, grade) => {
    const sizes = splitIntoSections(gradeStudents.length, school.homeroomCounts[grade]!, random);
    random.shuffle(gradeStudents);
    let taken = 0;
    for (const size of sizes) {
      newSection(state, grade, 0, homeroomSubject, gradeStudents.slice(taken, taken + size));
      taken += size;
    }
  });
  // One teacher per homeroom; the teachers beyond them co-teach up to three homerooms each.
  const homerooms = state.sections;
  const specialists = school.teacherCount - homerooms.length;
  homerooms.forEach((section, h) => {
    section.teachers.push(school.teacherStart + h);
    if (specialists > 0 && h < specialists * 3) {
      section.teachers.push(school.teacherStart + homerooms.length + (h % specialists));
    }
  });
  // Specialists lent by the previous elementary school co-teach two homerooms here each.
  if (school.lendingSchool !== null && homerooms.length > 0) {
    const lender = plan.schools[school.lendingSchool]!;
    const firstVisitor = lender.teacherStart + lender.teacherCount - lender.sharedTeacherCount;
    for (let v = 0; v < lender.sharedTeacherCount; v++) {
      for (const h of new Set([(2 * v) % homerooms.length, (2 * v + 1) % homerooms.length])) {
        homerooms[homerooms.length - 1 - h]!.teachers.push(firstVisitor + v);
      }
    }
  }
  for (let aide = 0; aide < school.aideCount && homerooms.length > 0; aide++) {
    const first = (aide * 2) % homerooms.length;
    homerooms[first]!.aides.push(school.aideStart + aide);
    const second = (first + 1) % homerooms.length;
    if (second !== first) homerooms[second]!.aides.push(school.aideStart + aide);
  }
}

function buildScheduledSections(
  plan: DistrictPlan,
  state: SchoolState,
  byGrade: number[][],
  random: Random,
): void {
  const { school } = state;
  const periods = Array.from({ length: periodCount }, (_, p) => p + 1);
  // groups[grade][period - 1]: the grade's students who have a class in that period.
  const groups: number[][][] = byGrade.map(() => periods.map(() => []));
  byGrade.forEach((gradeStudents, grade) => {
    for (const student of gradeStudents) {
      const draw = random.next();
      const classCount = draw < 0.25 ? 6 : draw < 0.75 ? 7 : 8;
      for (const period of random.shuffle([...periods]).slice(0, classCount)) {
        groups[grade]![period - 1]!.push(student);
      }
    }
  });
  const byPeriod: SectionState[][] = periods.map(() => []);
  groups.forEach((gradeGroups, grade) => {
    gradeGroups.forEach((group, p) => {
      const sizes = splitIntoSections(group.length, chooseSectionCount(group.length, random), random);
      random.shuffle(group);
      let taken = 0;
      for (const size of sizes) {
        // The subject is set once the teacher is known: sections teach their teacher's subject.
        const section = newSection(state, grade, p + 1, homeroomSubject, group.slice(taken, taken + size));
        byPeriod[p]!.push(section);
        taken += size;
      }
    });
  });
  byPeriod.forEach((sections, p) => {
    const pool = periodTeacherPool(plan, school, p + 1);
    const offset = random.below(pool.length);
    sections.forEach((section, j) => {
      const teacher = pool[(offset + j) % pool.length]!;
      section.teachers.push(teacher);
      section.subject = teacherSubject(plan.settings.seed, teacher);
    });
  });
  // Aides support classes in four different periods each.
  for (let aide = 0; aide < school.aideCount; aide++) {
    for (const period of random.shuffle([...periods]).slice(0, 4)) {
      const sections = byPeriod[period - 1]!;
      if (sections.length > 0) random.pick(sections).aides.push(school.aideStart + aide);
    }
  }
}

function newSection(
  state: SchoolState,
  grade: number,
  period: number,
  subject: SectionState['subject'],
  members: number[],
): SectionState {
  const section: SectionState = {
    seq: state.nextSeq++,
    grade,
    period,
    subject,
    teachers: [],
    aides: [],
    members,
    joinDays: new Array<number>(members.length).fill(0),
    createdDay: 0,
  };
  state.sections.push(section);
  return section;
}
