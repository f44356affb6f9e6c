import { applyDayChanges } from './apply-day-changes.ts';
import { buildSchool } from './build-school.ts';
import { describeGuardian } from './describe-guardian.ts';
import { describeStaff, teacherSubject } from './describe-staff.ts';
import { describeStudent } from './describe-student.ts';
import {
  emptyChangeCounts,
  type ChangeCounts,
  type DistrictPlan,
  type DistrictSettings,
  type GuardianRecord,
  type SchoolDay,
  type SchoolPlan,
  type StaffRecord,
  type StaffRole,
  type StudentRecord,
} from './district-model.ts';
import { guardianSourcedId, staffSourcedId } from './entity-ids.ts';
import {
  childrenOfFamily,
  describeFamily,
  describeFamilyLinks,
  familyOfStudent,
  familySurname,
} from './family-details.ts';
import { isChangedOn } from './is-changed-on.ts';
import { planDistrict } from './plan-district.ts';
import { randomStreams } from './random-streams.ts';
import { toSectionRecord } from './to-section-record.ts';

/**
 * A district on one day, generated on demand: `schools()` yields one school at a time (its
 * students, staff and classes), then `guardians()` yields the guardians family by family.
 * Writers walk them in that order and stream rows out; nothing else is kept, so memory stays
 * at one school plus the household plan whatever the district's size.
 */
export interface DistrictDay {
  plan: DistrictPlan;
  day: number;
  /** What this day changed; complete once `guardians()` has been walked. */
  changes: ChangeCounts;
  totals: { students: number; staff: number; guardians: number; classes: number; enrollments: number };
  schools(): Generator<SchoolDay>;
  districtStaff(): StaffRecord[];
  /** Only after `schools()`: whether an added student arrived depends on room in its classes. */
  guardians(): Generator<GuardianRecord>;
}

/** Prepares the district of `settings` as of day `settings.rates.length`. */
export function generateDistrict(settings: DistrictSettings): DistrictDay {
  const plan = planDistrict(settings);
  const day = settings.rates.length;
  const changes = emptyChangeCounts();
  const totals = { students: 0, staff: 0, guardians: 0, classes: 0, enrollments: 0 };
  const addedOnDay = new Uint16Array(plan.addedStudentCount);
  let isSchoolsDone = false;

  const isPresent = (student: number, onDay: number): boolean => {
    let from = 1;
    if (student >= plan.initialStudentCount) {
      const arrived = addedOnDay[student - plan.initialStudentCount]!;
      if (arrived === 0 || arrived > onDay) return false;
      from = arrived + 1;
    }
    for (let d = from; d <= onDay; d++) {
      if (isChangedOn(settings, randomStreams.studentDrop, d, student)) return false;
    }
    return true;
  };
  const schoolOfStudent = createSchoolLookup(plan);

  function* schools(): Generator<SchoolDay> {
    for (const school of plan.schools) {
      const state = buildSchool(plan, school);
      for (let d = 1; d <= day; d++) applyDayChanges(plan, state, d, d === day ? changes : null, addedOnDay);
      const students = state.students.map(({ index, grade }): StudentRecord => {
        const family = familyOfStudent(plan, index);
        const links = describeFamilyLinks(plan, family);
        const surname = familySurname(plan, family);
        const identity = describeStudent(plan, index, school.grades[grade]!, surname, day);
        const wasPresent = day > 0 && isPresent(index, day - 1);
        if (wasPresent && isChangedOn(settings, randomStreams.studentRename, day, index)) changes.renamed++;
        return {
          index,
          sourcedId: identity.sourcedId,
          givenName: identity.givenName,
          familyName: identity.familyName,
          middleName: identity.middleName,
          studentNumber: identity.studentNumber,
          email: identity.email,
          username: identity.username,
          birthDate: identity.birthDate,
          preferredGivenName: identity.preferredGivenName,
          schoolIndex: school.index,
          grade: school.grades[grade]!,
          guardianIndexes: settings.isWithoutGuardians ? [] : links.guardianIndexes,
          isListingGuardians: links.linkSides !== 'guardian',
        };
      });
      const sections = state.sections.map((section) => toSectionRecord(plan, school, section));
      const staff = schoolStaff(school);
      totals.students += students.length;
      totals.staff += staff.length;
      totals.classes += sections.length;
      for (const section of sections) {
        totals.enrollments +=
          section.studentIndexes.length + section.teacherIndexes.length + section.aideIndexes.length;
      }
      yield { school, students, staff, sections };
    }
    isSchoolsDone = true;
  }

  function schoolStaff(school: SchoolPlan): StaffRecord[] {
    const staff: StaffRecord[] = [];
    const add = (index: number, role: StaffRole, title: string, schoolIndexes: number[]): void => {
      staff.push(describeStaffRecord(index, role, title, schoolIndexes));
    };
    const firstShared = school.teacherStart + school.teacherCount - school.sharedTeacherCount;
    for (let k = school.teacherStart; k < school.teacherStart + school.teacherCount; k++) {
      const isShared = k >= firstShared && school.partnerSchool !== null;
      const subject = school.level === 'elementary' ? null : teacherSubject(settings.seed, k);
      add(
        k,
        'teacher',
        subject ? `${subject.name} Teacher` : 'Classroom Teacher',
        isShared ? [school.index, school.partnerSchool!] : [school.index],
      );
    }
    for (let k = school.aideStart; k < school.aideStart + school.aideCount; k++) {
      add(k, 'aide', 'Instructional Aide', [school.index]);
    }
    for (let k = school.adminStart; k < school.adminStart + school.adminCount; k++) {
      add(k, 'administrator', k === school.adminStart ? 'Principal' : 'Assistant Principal', [school.index]);
    }
    return staff;
  }

  function describeStaffRecord(
    index: number,
    role: StaffRole,
    title: string,
    schoolIndexes: number[],
  ): StaffRecord {
    const identity = describeStaff(plan, index, day);
    if (day > 0) {
      if (isChangedOn(settings, randomStreams.staffRename, day, index)) changes.renamed++;
      if (isChangedOn(settings, randomStreams.staffEmail, day, index)) changes.emailChanged++;
      if (identity.mobile !== '' && isChangedOn(settings, randomStreams.staffPhone, day, index))
        changes.phoneChanged++;
    }
    return {
      index,
      sourcedId: staffSourcedId(index, role),
      givenName: identity.givenName,
      familyName: identity.familyName,
      middleName: identity.middleName,
      email: identity.email,
      username: identity.username,
      mobile: identity.mobile,
      homePhone: identity.homePhone,
      role,
      title,
      schoolIndexes,
    };
  }

  function districtStaff(): StaffRecord[] {
    const staff: StaffRecord[] = [];
    for (let i = 0; i < plan.districtStaffCount; i++) {
      const title = districtTitles[i] ?? 'District Office Staff';
      staff.push(describeStaffRecord(plan.districtStaffStart + i, 'administrator', title, []));
    }
    totals.staff += staff.length;
    return staff;
  }

  function* guardians(): Generator<GuardianRecord> {
    if (!isSchoolsDone) throw new Error('guardians() needs schools() to have been walked first');
    if (settings.isWithoutGuardians) return;
    const familyTotal = plan.households.familyCount + plan.addedStudentCount;
    for (let family = 0; family < familyTotal; family++) {
      const children = childrenOfFamily(plan, family);
      const present = children.filter((child) => isPresent(child, day));
      const wasPresent = day > 0 && children.some((child) => isPresent(child, day - 1));
      const links = describeFamilyLinks(plan, family);
      if (present.length === 0) {
        if (wasPresent) changes.guardiansDropped += links.guardianIndexes.length;
        continue;
      }
      if (day > 0 && !wasPresent) changes.guardiansAdded += links.guardianIndexes.length;
      const details = describeFamily(plan, family);
      const schoolIndexes = [...new Set(present.map(schoolOfStudent))];
      for (let slot = 0; slot < details.guardianIndexes.length; slot++) {
        const index = details.guardianIndexes[slot]!;
        const identity = describeGuardian(plan, details, slot, day);
        const staffIndex = slot === 0 ? details.staffIndex : null;
        if (wasPresent) countGuardianChanges(index, staffIndex, identity.email, identity.mobile);
        totals.guardians++;
        const sourcedId = guardianSourcedId(index);
        yield {
          index,
          sourcedId,
          username: sourcedId.toLowerCase(),
          givenName: identity.givenName,
          familyName: identity.familyName,
          middleName: identity.middleName,
          role: identity.role,
          relationship: identity.relationship,
          email: identity.email,
          mobile: identity.mobile,
          homePhone: identity.homePhone,
          language: identity.language,
          hasSisId: identity.hasSisId,
          studentIndexes: present,
          schoolIndexes,
          isListingStudents: details.linkSides !== 'student',
          staffIndex,
        };
      }
    }
  }

  /** A staff member's guardian row changes with the staff member; other guardians on their own. */
  function countGuardianChanges(
    index: number,
    staffIndex: number | null,
    email: string,
    mobile: string,
  ): void {
    const isStaff = staffIndex !== null;
    const changer = staffIndex ?? index;
    const { staffRename, staffEmail, staffPhone, guardianRename, guardianEmail, guardianPhone } =
      randomStreams;
    if (isChangedOn(settings, isStaff ? staffRename : guardianRename, day, changer)) changes.renamed++;
    if (email !== '' && isChangedOn(settings, isStaff ? staffEmail : guardianEmail, day, changer)) {
      changes.emailChanged++;
    }
    if (mobile !== '' && isChangedOn(settings, isStaff ? staffPhone : guardianPhone, day, changer)) {
      changes.phoneChanged++;
    }
  }

  return { plan, day, changes, totals, schools, districtStaff, guardians };
}

const districtTitles = [
  'Superintendent',
  'Director of Technology',
  'Data Coordinator',
  'Curriculum Director',
];

/** Finds a student's school: a binary search for day-0 students, a table for added ones. */
function createSchoolLookup(plan: DistrictPlan): (student: number) => number {
  const starts = plan.schools.map((school) => school.studentStart);
  const addedSchool = new Int32Array(plan.addedStudentCount);
  for (const school of plan.schools) {
    school.addedStart.forEach((start, d) => {
      const first = start - plan.initialStudentCount;
      addedSchool.fill(school.index, first, first + school.addedCount[d]!);
    });
  }
  return (student) => {
    if (student >= plan.initialStudentCount) return addedSchool[student - plan.initialStudentCount]!;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= student) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}
