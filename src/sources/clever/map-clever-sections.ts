import type { FindingLog } from '../../findings/finding-log.ts';
import {
  addEnrollment,
  emptyClassEnrollments,
  enrollmentKey,
  markPartial,
  type ClassEnrollments,
  type MembershipRole,
  type Snapshot,
  type SnapshotClass,
} from '../../roster/snapshot.ts';
import { readIdList, readText, type CleverObject } from './clever-records.ts';
import type { CleverUserKeys } from './map-clever-users.ts';
import { normalizeCleverGrade } from './normalize-clever-grade.ts';

/** Clever's subject word for homerooms (its spelling, lower case, with the slash). */
export const cleverHomeroomSubject = 'homeroom/advisory';

export interface CleverSectionContext {
  snapshot: Snapshot;
  findings: FindingLog;
  /** The `/users` listing stopped early: members not listed are expected, not reported. */
  isUsersPartial: boolean;
}

/**
 * Maps Clever sections to classes and their members (SPEC §2.1). A class is keyed by the
 * section's Clever id, which Clever keeps stable (its `sis_id` it recommends only for matching
 * history); `section_number`, else `sis_id`, becomes the class code. `students[]` are student
 * memberships; `teachers[]` teacher memberships, primary only for the `teacher` field, which
 * both v3.0 and v3.1 send (v3.1 only added student fields; a section without it has co-teachers
 * and no primary). A user listed twice in a section keeps its first membership.
 */
export function mapCleverSections(
  sections: readonly CleverObject[],
  users: CleverUserKeys,
  context: CleverSectionContext,
): void {
  const { snapshot, findings } = context;
  const { classes, enrollments, people, unreadable } = snapshot;
  sections.forEach((section, index) => {
    const sisId = readText(section, 'id');
    if (!sisId) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        entity: 'classrooms',
        column: 'id',
        value: String(index),
        message: `Clever section number ${index + 1} of the listing has no id; removals of classrooms and memberships are held this run.`,
      });
      markPartial(snapshot, 'classrooms', 'a Clever section has no id');
      markPartial(snapshot, 'memberships', 'a Clever section has no id');
      return;
    }
    if (classes.has(sisId) || unreadable.classes.has(sisId)) return;
    const schoolSisId = readText(section, 'school');
    if (!schoolSisId) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        entity: 'classrooms',
        sisId,
        column: 'school',
        message: `Clever section ${sisId} has no school; it is left as it is.`,
      });
      unreadable.classes.add(sisId);
      return;
    }
    const subject = readText(section, 'subject');
    const klass: SnapshotClass = {
      sisId,
      title: readText(section, 'name') ?? readText(section, 'sis_id') ?? sisId,
      schoolSisId,
      grades: readGrades(section, sisId, findings),
      subjects: subject ? [subject] : [],
      periods: optional(readText(section, 'period')),
      classType: subject?.toLowerCase() === cleverHomeroomSubject ? 'homeroom' : 'scheduled',
      classCode: readText(section, 'section_number') ?? readText(section, 'sis_id'),
      // Clever sections carry no room.
      location: null,
      courseSisId: readText(section, 'course'),
      termSisIds: optional(readText(section, 'term_id')),
    };
    classes.set(sisId, klass);

    const primaryTeacher = readText(section, 'teacher');
    const teachers = readIdList(section, 'teachers');
    if (primaryTeacher && !teachers.includes(primaryTeacher)) teachers.unshift(primaryTeacher);
    let members: ClassEnrollments | undefined;
    const enroll = (cleverId: string, role: MembershipRole, isPrimary: boolean): void => {
      const key = users.keyOf.get(cleverId);
      const person = key === undefined ? undefined : people.get(key);
      if (!person) {
        const unusableKey = users.unusable.get(cleverId);
        // A member whose user could not be used: the membership is kept as it is.
        if (unusableKey) unreadable.enrollments.add(enrollmentKey(sisId, unusableKey));
        else if (unusableKey === undefined && !context.isUsersPartial)
          reportUnknownMember(sisId, cleverId, findings);
        return;
      }
      members ??= enrollments.get(sisId);
      if (!members) {
        members = emptyClassEnrollments();
        enrollments.set(sisId, members);
      }
      if (members.userSisIds.includes(person.sisId)) return;
      addEnrollment(members, { userSisId: person.sisId, role, isPrimary });
    };
    for (const cleverId of readIdList(section, 'students')) enroll(cleverId, 'student', false);
    for (const cleverId of teachers) enroll(cleverId, 'teacher', cleverId === primaryTeacher);
  });
}

function optional(value: string | null): string[] {
  return value === null ? [] : [value];
}

function readGrades(section: CleverObject, sisId: string, findings: FindingLog): string[] {
  const grade = normalizeCleverGrade(readText(section, 'grade'));
  if ('value' in grade) return optional(grade.value);
  const value = grade.invalid.slice(0, 100);
  findings.add({
    code: 'GRADE_INVALID',
    entity: 'classrooms',
    column: 'grade',
    sisId,
    value,
    message: `grade "${value}" of Clever section ${sisId} is not a grade; it is ignored.`,
  });
  return [];
}

function reportUnknownMember(sectionSisId: string, cleverId: string, findings: FindingLog): void {
  findings.add({
    code: 'CLEVER_REFERENCE_UNKNOWN',
    entity: 'memberships',
    sisId: sectionSisId,
    value: cleverId,
    message: `Clever section ${sectionSisId} names user ${cleverId}, whom the users listing does not hold; that membership is not made.`,
  });
}
