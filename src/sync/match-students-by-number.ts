import type { FindingLog } from '../findings/finding-log.ts';
import type { SourceValue } from '../roster/snapshot.ts';
import { roleKey, type RoleRecord } from './directory-view.ts';

/** A student the sync keeps, as the Student ID setting `student_number` sees it. */
export interface StudentToMatch {
  sisId: string;
  studentNumber: SourceValue;
}

export interface StudentNumberMatch {
  /**
   * Students the run cannot identify (no student number, one another student shares, or a
   * re-key that would collide): not synced, and, like an unreadable row, not archived.
   * Holds the SIS ids of stored records kept for the same reason.
   */
  withheld: Set<string>;
  /**
   * Stored student roles whose SIS id the source changed, by the new SIS id: the same student,
   * re-keyed (its SIS id updated), not archived and created again.
   */
  rekeys: Map<string, RoleRecord>;
}

/**
 * Applies the Student ID setting `student_number` (SPEC §4, §6: students are identified by the
 * setting's field). A student is the stored student with the same number, whatever its SIS id
 * now is: a SIS that re-issues its record ids, or a district switching the setting, keeps
 * every student once. Pure apart from the findings.
 *
 * - No number, or a number two kept students share: the student cannot be identified, so it is
 *   withheld (`STUDENT_NUMBER_MISSING`, `STUDENT_NUMBER_DUPLICATE`) and the record the directory
 *   has for it stays as it is.
 * - A stored student with the number but another SIS id: re-keyed to the new SIS id
 *   (`STUDENT_REKEYED`), unless a stored student already holds that SIS id; then both are
 *   withheld (`STUDENT_ID_CONFLICT`): one SIS id cannot name two records at once.
 * - No stored student with the number: a stored student with the same SIS id whose number no
 *   kept student claims is the same student with a new number (an update); one whose number
 *   another kept student claims is being re-keyed away, so this one is withheld too.
 * - Otherwise a new student.
 */
export function matchStudentsByNumber(
  students: Iterable<StudentToMatch>,
  /** The config's synced roles by `roleKey` (the view's), students with their `studentNumber`. */
  roles: ReadonlyMap<string, RoleRecord>,
  findings: FindingLog,
): StudentNumberMatch {
  const result: StudentNumberMatch = { withheld: new Set(), rekeys: new Map() };
  const storedByNumber = new Map<string, RoleRecord | 'ambiguous'>();
  for (const record of roles.values()) {
    if (record.role !== 'student' || !record.studentNumber) continue;
    const number = record.studentNumber;
    storedByNumber.set(number, storedByNumber.has(number) ? 'ambiguous' : record);
  }
  const byNumber = new Map<string, string[]>();
  for (const student of students) {
    const number = student.studentNumber;
    if (!number) {
      result.withheld.add(student.sisId);
      findings.add({
        code: 'STUDENT_NUMBER_MISSING',
        entity: 'students',
        sisId: student.sisId,
        message: `Student ${student.sisId} has no student number, which identifies students in this config (studentId = student_number); the student is not synced, and a record synced before stays as it is.`,
      });
      continue;
    }
    const sisIds = byNumber.get(number);
    if (sisIds) sisIds.push(student.sisId);
    else byNumber.set(number, [student.sisId]);
  }
  const claimed = new Set<string>();
  for (const [number, sisIds] of byNumber) {
    if (sisIds.length === 1) {
      claimed.add(number);
      continue;
    }
    for (const sisId of sisIds) {
      result.withheld.add(sisId);
      findings.add({
        code: 'STUDENT_NUMBER_DUPLICATE',
        entity: 'students',
        sisId,
        value: number,
        message: `Students ${sisIds.slice(0, 5).join(', ')} share the student number ${number}, which identifies students in this config; none of them is synced until the SIS gives each its own.`,
      });
    }
  }
  const conflict = (sisId: string, others: string[], why: string): void => {
    result.withheld.add(sisId);
    for (const other of others) result.withheld.add(other);
    findings.add({
      code: 'STUDENT_ID_CONFLICT',
      entity: 'students',
      sisId,
      message: `Student ${sisId}: ${why}; it and ${others.join(', ')} are kept as they are until the SIS ids and student numbers agree again.`,
    });
  };
  for (const [number, sisIds] of byNumber) {
    if (sisIds.length !== 1) continue;
    const sisId = sisIds[0] as string;
    const match = storedByNumber.get(number);
    const holder = roles.get(roleKey('student', sisId));
    if (match === 'ambiguous') {
      conflict(sisId, [], `several students in the directory have the student number ${number}`);
    } else if (match) {
      if (match.sisId === sisId) continue;
      if (holder) {
        conflict(
          sisId,
          [match.sisId, holder.sisId],
          `its student number ${number} belongs to the student synced as ${match.sisId}, but its SIS id belongs to another synced student`,
        );
        continue;
      }
      result.rekeys.set(sisId, match);
      findings.add({
        code: 'STUDENT_REKEYED',
        entity: 'students',
        sisId,
        value: match.sisId,
        message: `Student number ${number} now comes with SIS id ${sisId} instead of ${match.sisId}: the same student, whose SIS id is updated.`,
      });
    } else if (holder) {
      const holderNumber = holder.studentNumber;
      if (holderNumber && claimed.has(holderNumber)) {
        conflict(
          sisId,
          [],
          `its SIS id belongs to the synced student with number ${holderNumber}, which the source now gives another student`,
        );
      }
    }
  }
  return result;
}

/**
 * Files each re-keyed stored student under its new SIS id in the view's roles, remembering the
 * stored one, so the planner matches it to its target and updates the SIS id (see
 * `RoleRecord.previousSisId`). Changes `roles` in place: the view is the run's own.
 */
export function rekeyStudents(roles: Map<string, RoleRecord>, rekeys: ReadonlyMap<string, RoleRecord>): void {
  for (const [sisId, record] of rekeys) {
    roles.delete(roleKey('student', record.sisId));
    roles.set(roleKey('student', sisId), { ...record, sisId, previousSisId: record.sisId });
  }
}
