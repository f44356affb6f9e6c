import { homeroomSubject } from './course-catalog.ts';
import { teacherSubject } from './describe-staff.ts';
import type { ChangeCounts, DistrictPlan } from './district-model.ts';
import { isChangedOn } from './is-changed-on.ts';
import { randomStreams } from './random-streams.ts';
import {
  periodCount,
  periodTeacherPool,
  sectionGroupKey,
  type SchoolState,
  type SectionState,
} from './school-state.ts';
import { maxClassSize, minClassSize } from './section-sizes.ts';
import { createRandom, mixSeed, type Random } from './seeded-random.ts';

/**
 * Turns a school's state of day `day − 1` into day `day`, in a fixed order: students leave,
 * classes close (their students spread over the classes of the same grade and period), classes
 * open (taking students from the fullest ones), students switch class, students arrive. Each
 * student takes part in at most one class change a day, so every change stays countable from
 * the files alone. Classes never exceed 32 students, and these steps never take one below 18;
 * only students leaving can (real rosters drift too).
 *
 * `counts` is given for the day being written and receives what this school changed;
 * `addedOnDay[i]` records the day added student `i` arrived (0 when there was no room).
 */
export function applyDayChanges(
  plan: DistrictPlan,
  state: SchoolState,
  day: number,
  counts: ChangeCounts | null,
  addedOnDay: Uint16Array,
): void {
  const random = createRandom(mixSeed(plan.settings.seed, randomStreams.day, day, state.school.index));
  const touched = new Set<number>();
  const studentsDropped = dropStudents(plan, state, day);
  const classesDropped = dropClasses(plan, state, day, touched);
  const classesAdded = addClasses(plan, state, day, touched, random);
  const enrollmentsMoved = moveStudents(plan, state, day, touched);
  const studentsAdded = addStudents(plan, state, day, addedOnDay);
  if (counts) {
    counts.studentsDropped += studentsDropped;
    counts.classesDropped += classesDropped;
    counts.classesAdded += classesAdded;
    counts.enrollmentsMoved += enrollmentsMoved;
    counts.studentsAdded += studentsAdded;
  }
}

function dropStudents(plan: DistrictPlan, state: SchoolState, day: number): number {
  const dropped = new Set<number>();
  state.students = state.students.filter((student) => {
    if (!isChangedOn(plan.settings, randomStreams.studentDrop, day, student.index)) return true;
    dropped.add(student.index);
    return false;
  });
  if (dropped.size > 0) {
    for (const section of state.sections) {
      if (!section.members.some((member) => dropped.has(member))) continue;
      const kept = section.members.map((_, i) => i).filter((i) => !dropped.has(section.members[i]!));
      section.joinDays = kept.map((i) => section.joinDays[i]!);
      section.members = kept.map((i) => section.members[i]!);
    }
  }
  return dropped.size;
}

function dropClasses(plan: DistrictPlan, state: SchoolState, day: number, touched: Set<number>): number {
  const groups = groupSections(state.sections);
  const closed = new Set<SectionState>();
  for (const section of state.sections) {
    if (!isChangedOn(plan.settings, randomStreams.classDrop, day, sectionKey(state, section))) continue;
    const siblings = groups.get(sectionGroupKey(section))!.filter((s) => s !== section && !closed.has(s));
    const room = siblings.reduce((sum, s) => sum + Math.max(0, maxClassSize - s.members.length), 0);
    if (siblings.length === 0 || room < section.members.length) continue;
    for (const member of section.members) {
      const target = smallest(siblings)!;
      target.members.push(member);
      target.joinDays.push(day);
      touched.add(member);
    }
    closed.add(section);
  }
  state.sections = state.sections.filter((section) => !closed.has(section));
  return closed.size;
}

function addClasses(
  plan: DistrictPlan,
  state: SchoolState,
  day: number,
  touched: Set<number>,
  random: Random,
): number {
  const groups = groupSections(state.sections);
  let added = 0;
  for (const section of [...state.sections]) {
    if (section.createdDay >= day) continue;
    if (!isChangedOn(plan.settings, randomStreams.classAdd, day, sectionKey(state, section))) continue;
    const group = groups.get(sectionGroupKey(section))!;
    const movable = group.reduce(
      (sum, s) =>
        sum + Math.min(s.members.length - minClassSize, s.members.filter((m) => !touched.has(m)).length),
      0,
    );
    if (movable < minClassSize) continue;
    const teacher = findFreeTeacher(plan, state, section.period, random);
    if (teacher === null) continue;
    const members: number[] = [];
    while (members.length < minClassSize) {
      const source = group
        .filter((s) => s.members.length > minClassSize && s.members.some((m) => !touched.has(m)))
        .reduce((a, b) => (b.members.length > a.members.length ? b : a));
      const at = source.members.findLastIndex((m) => !touched.has(m));
      members.push(source.members[at]!);
      touched.add(source.members[at]!);
      source.members.splice(at, 1);
      source.joinDays.splice(at, 1);
    }
    state.sections.push({
      seq: state.nextSeq++,
      grade: section.grade,
      period: section.period,
      subject: section.period === 0 ? homeroomSubject : teacherSubject(plan.settings.seed, teacher),
      teachers: [teacher],
      aides: [],
      members,
      joinDays: new Array<number>(members.length).fill(day),
      createdDay: day,
    });
    added++;
  }
  return added;
}

function moveStudents(plan: DistrictPlan, state: SchoolState, day: number, touched: Set<number>): number {
  const existing = state.sections.filter((section) => section.createdDay < day);
  const groups = groupSections(existing);
  let moved = 0;
  for (const section of existing) {
    const key = sectionKey(state, section);
    for (const member of [...section.members]) {
      if (touched.has(member) || section.members.length <= minClassSize) continue;
      if (!isChangedOn(plan.settings, randomStreams.enrollmentMove, day, mixSeed(member, key))) continue;
      const target = smallest(groups.get(sectionGroupKey(section))!.filter((s) => s !== section));
      if (!target || target.members.length >= maxClassSize) continue;
      const at = section.members.indexOf(member);
      section.members.splice(at, 1);
      section.joinDays.splice(at, 1);
      target.members.push(member);
      target.joinDays.push(day);
      touched.add(member);
      moved++;
    }
  }
  return moved;
}

function addStudents(plan: DistrictPlan, state: SchoolState, day: number, addedOnDay: Uint16Array): number {
  const { school } = state;
  const groups = groupSections(state.sections);
  const count = school.addedCount[day - 1] ?? 0;
  const start = school.addedStart[day - 1] ?? 0;
  let added = 0;
  for (let index = start; index < start + count; index++) {
    const random = createRandom(mixSeed(plan.settings.seed, randomStreams.addedStudent, index));
    const grade = random.below(school.grades.length);
    const chosen: SectionState[] = [];
    if (school.level === 'elementary') {
      const homeroom = smallest(groups.get(sectionGroupKey({ grade, period: 0 })) ?? []);
      if (homeroom && homeroom.members.length < maxClassSize) chosen.push(homeroom);
    } else {
      const classCount = random.between(6, 8);
      const periods = random.shuffle(Array.from({ length: periodCount }, (_, p) => p + 1));
      for (const period of periods) {
        const section = smallest(groups.get(sectionGroupKey({ grade, period })) ?? []);
        if (section && section.members.length < maxClassSize) chosen.push(section);
        if (chosen.length === classCount) break;
      }
      if (chosen.length < 6) chosen.length = 0;
    }
    if (chosen.length === 0) continue;
    for (const section of chosen) {
      section.members.push(index);
      section.joinDays.push(day);
    }
    state.students.push({ index, grade });
    addedOnDay[index - plan.initialStudentCount] = day;
    added++;
  }
  return added;
}

/**
 * A teacher of the school free to take a new class in that period: for homerooms, one who is
 * not already a homeroom's primary teacher; for sections, one of the period's pool who
 * teaches nothing then.
 */
function findFreeTeacher(
  plan: DistrictPlan,
  state: SchoolState,
  period: number,
  random: Random,
): number | null {
  const { school } = state;
  const busy = new Set<number>();
  let pool: number[];
  if (period === 0) {
    for (const section of state.sections) busy.add(section.teachers[0]!);
    pool = Array.from({ length: school.teacherCount }, (_, k) => school.teacherStart + k);
  } else {
    for (const section of state.sections) {
      if (section.period === period) for (const teacher of section.teachers) busy.add(teacher);
    }
    pool = periodTeacherPool(plan, school, period);
  }
  const free = pool.filter((teacher) => !busy.has(teacher));
  return free.length === 0 ? null : random.pick(free);
}

function groupSections(sections: readonly SectionState[]): Map<number, SectionState[]> {
  const groups = new Map<number, SectionState[]>();
  for (const section of sections) {
    const key = sectionGroupKey(section);
    const group = groups.get(key);
    if (group) group.push(section);
    else groups.set(key, [section]);
  }
  return groups;
}

function smallest(sections: readonly SectionState[]): SectionState | undefined {
  let best: SectionState | undefined;
  for (const section of sections) if (!best || section.members.length < best.members.length) best = section;
  return best;
}

/** A number per class of the district, for the coins that decide what happens to it. */
function sectionKey(state: SchoolState, section: SectionState): number {
  return mixSeed(state.school.index, section.seq);
}
