import {
  addEnrollment,
  emptyClassEnrollments,
  enrollmentKey,
  markPartial,
  type SnapshotPerson,
} from '../../roster/snapshot.ts';
import { ownString } from '../../roster/own-string.ts';
import type { BundleFile } from './open-bundle.ts';
import { enrollmentsFile } from './oneroster-files.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';
import { readRowStatus } from './read-row-status.ts';
import { enrollmentRoleMap } from './enrollment-role-map.ts';

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
    context.check,
    {
      onRow(fields, line, c) {
        const classSisId = fields[c.classSourcedId]!;
        const userSisId = fields[c.userSourcedId]!;
        // No class or user (VALUE_REQUIRED): which membership the row meant is unknown.
        if (classSisId === '' || userSisId === '') {
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
        // The validator has reported what is wrong with this row; here it is only decided
        // whether it makes a membership. A class or user the read does not hold (unknown,
        // deleted, unreadable, or left out of a delta) leaves the membership as it is.
        if (!classes.has(classSisId) || !people.has(userSisId)) {
          protect(classSisId, userSisId);
          return;
        }
        const role = enrollmentRoleMap.get(fields[c.role]!.trim().toLowerCase());
        if (!role) {
          protect(classSisId, userSisId);
          return;
        }
        if (c.endDate >= 0) {
          // An endDate that is not a date was reported (VALUE_TYPE): the enrollment is current.
          const endDate = fields[c.endDate]!.trim().slice(0, 10);
          if (datePattern.test(endDate) && endDate < today) {
            endedCount++;
            return;
          }
        }
        // primary other than true/false was reported (VALUE_ENUM) and reads as false.
        const isPrimary = c.primary >= 0 && fields[c.primary]!.trim().toLowerCase() === 'true';
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
    { onBytesRead: context.onBytesRead },
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
