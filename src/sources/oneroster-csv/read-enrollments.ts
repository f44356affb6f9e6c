import {
  addEnrollment,
  emptyClassEnrollments,
  enrollmentKey,
  markPartial,
  type MembershipRole,
  type SnapshotPerson,
} from '../../roster/snapshot.ts';
import { ownString } from '../../roster/own-string.ts';
import type { BundleFile } from './open-bundle.ts';
import { enrollmentsFile } from './oneroster-files.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';
import { readRowStatus } from './read-row-status.ts';

/**
 * Enrollment roles and the membership they make. Aides, proctors and administrators enrolled
 * in a class are staff present in it without being its teacher.
 */
const roleMap = new Map<string, MembershipRole>([
  ['student', 'student'],
  ['teacher', 'teacher'],
  ['aide', 'aide'],
  ['proctor', 'aide'],
  ['administrator', 'aide'],
]);

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Reads enrollments.csv; users and classes must have been read first (references). */
export async function readEnrollments(
  file: BundleFile,
  context: ReadContext,
): Promise<CsvFileResult<typeof enrollmentsFile>> {
  const { snapshot, findings, today } = context;
  const { people, classes, enrollments, unreadable } = snapshot;
  const fileName = enrollmentsFile.name;
  let endedCount = 0;
  const protect = (classSisId: string, userSisId: string): void => {
    unreadable.enrollments.add(enrollmentKey(classSisId, userSisId));
  };
  const result = await readCsvFile(
    file,
    enrollmentsFile,
    findings,
    {
      onRow(fields, line, c) {
        const classSisId = fields[c.classSourcedId]!;
        const userSisId = fields[c.userSourcedId]!;
        if (classSisId === '' || userSisId === '') {
          findings.add({
            code: 'ID_MISSING',
            file: fileName,
            line,
            column: classSisId === '' ? 'classSourcedId' : 'userSourcedId',
            message: 'The enrollment has no class or no user; the row is skipped.',
          });
          markPartial(snapshot, 'memberships', 'an enrollments.csv row names no class or user');
          return;
        }
        // A deleted enrollment needs no class or user in this bundle: it names a membership
        // the directory may hold, and a delta leaves unchanged classes and users out.
        const status = readRowStatus(
          'enrollments',
          c.status >= 0 ? fields[c.status] : undefined,
          () => {
            const key = ownString(enrollmentKey(classSisId, userSisId));
            return {
              key,
              isPresent:
                unreadable.enrollments.has(key) ||
                (enrollments.get(classSisId)?.userSisIds.includes(userSisId) ?? false),
              file: fileName,
              line,
              label: `the enrollment of user ${userSisId} in class ${classSisId}`,
              sisId: userSisId,
            };
          },
          context,
        );
        if (status === 'deleted') return;
        for (const [id, known, unknownLabel, column] of [
          [classSisId, classes.has(classSisId), unreadable.classes.has(classSisId), 'classSourcedId'],
          [userSisId, people.has(userSisId), unreadable.people.has(userSisId), 'userSourcedId'],
        ] as const) {
          if (known) continue;
          if (!unknownLabel) {
            findings.add({
              code: 'REFERENCE_UNKNOWN',
              file: fileName,
              line,
              column,
              sisId: id,
              value: id.slice(0, 100),
              message: `The enrollment refers to ${column === 'classSourcedId' ? 'class' : 'user'} ${id.slice(0, 100)}, which is not in the bundle; the row is skipped.`,
            });
          }
          protect(classSisId, userSisId);
          return;
        }
        const rawRole = fields[c.role]!.trim();
        const role = roleMap.get(rawRole.toLowerCase());
        if (!role) {
          findings.add({
            code: 'ROLE_UNKNOWN',
            file: fileName,
            line,
            column: 'role',
            value: rawRole.slice(0, 100),
            message: `The enrollment role "${rawRole.slice(0, 100)}" is not student, teacher, aide, proctor or administrator; the membership is left as it is.`,
          });
          protect(classSisId, userSisId);
          return;
        }
        if (c.endDate >= 0) {
          const endDate = fields[c.endDate]!.trim();
          if (endDate !== '') {
            if (!datePattern.test(endDate.slice(0, 10))) {
              findings.add({
                code: 'VALUE_INVALID',
                file: fileName,
                line,
                column: 'endDate',
                value: endDate.slice(0, 100),
                message: `endDate "${endDate.slice(0, 100)}" is not a date (YYYY-MM-DD); the enrollment is taken as current.`,
              });
            } else if (endDate.slice(0, 10) < today) {
              endedCount++;
              return;
            }
          }
        }
        let isPrimary = false;
        if (c.primary >= 0) {
          const raw = fields[c.primary]!.trim().toLowerCase();
          if (raw === 'true') isPrimary = true;
          else if (raw !== 'false' && raw !== '') {
            findings.add({
              code: 'VALUE_INVALID',
              file: fileName,
              line,
              column: 'primary',
              value: raw.slice(0, 100),
              message: `primary "${raw.slice(0, 100)}" is not true or false; it is read as false.`,
            });
          }
        }
        let members = enrollments.get(classSisId);
        if (!members) {
          members = emptyClassEnrollments();
          enrollments.set(classSisId, members);
        }
        if (members.userSisIds.includes(userSisId)) {
          findings.add({
            code: 'ID_DUPLICATE',
            file: fileName,
            line,
            sisId: userSisId,
            message: `User ${userSisId} is enrolled in class ${classSisId} more than once; the first enrollment is used.`,
          });
          return;
        }
        // The user's own id string, not this row's copy: millions of enrollments share it.
        const user = people.get(userSisId) as SnapshotPerson;
        addEnrollment(members, { userSisId: user.sisId, role, isPrimary: role === 'teacher' && isPrimary });
      },
      onUnusableRow() {
        // An enrollment row's first column is its own sourcedId, which says nothing about the
        // class or user it joins: the membership types cannot be trusted for removals.
        markPartial(snapshot, 'memberships', 'an enrollments.csv row could not be read');
      },
    },
    { entity: 'memberships', onBytesRead: context.onBytesRead },
  );
  if (endedCount > 0) {
    findings.add({
      code: 'ENROLLMENT_ENDED',
      file: fileName,
      entity: 'memberships',
      value: String(endedCount),
      message: `${endedCount} enrollments ended before ${today}; they are not memberships.`,
    });
  }
  return result;
}
