import { markPartial, type PersonRoleName } from '../../roster/snapshot.ts';
import type { BundleFile } from './open-bundle.ts';
import { rolesFile } from './oneroster-files.ts';
import { readCsvFile } from './read-csv-file.ts';
import { isDeletedStatus, type ReadContext } from './read-context.ts';
import { UserRoleLists } from './user-role-lists.ts';

/**
 * OneRoster 1.2 roles and what the directory makes of them: the same words as 1.1 users.csv
 * (SPEC §2.3), with 1.2's staff roles; the validator's accept level knows the same words
 * (`userRoleWords`).
 */
const roleMap = new Map<string, PersonRoleName>([
  ['student', 'student'],
  ['teacher', 'staff'],
  ['aide', 'staff'],
  ['proctor', 'staff'],
  ['administrator', 'staff'],
  ['districtadministrator', 'staff'],
  ['principal', 'staff'],
  ['siteadministrator', 'staff'],
  ['systemadministrator', 'staff'],
  ['parent', 'guardian'],
  ['guardian', 'guardian'],
  ['relative', 'guardian'],
]);

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export type RolesResult = { isUsable: true; roleLists: UserRoleLists } | { isUsable: false };

/**
 * Reads roles.csv (OneRoster 1.2: one row per user and org) into compact per-user role lists,
 * before users.csv, which builds each person with its roles. A role whose `endDate` has passed
 * or whose status is tobedeleted is not a role; `beginDate` is not looked at, so a role that
 * starts later is already one (as enrollments' `beginDate` is not).
 */
export async function readRoles(file: BundleFile, context: ReadContext): Promise<RolesResult> {
  const { snapshot, findings, today } = context;
  const fileName = rolesFile.name;
  const roleLists = new UserRoleLists();
  let endedCount = 0;
  const markPeoplePartial = (reason: string): void => {
    for (const entity of ['students', 'staff', 'guardians', 'memberships', 'guardianLinks'] as const) {
      markPartial(snapshot, entity, reason);
    }
  };
  const result = await readCsvFile(
    file,
    rolesFile,
    findings,
    {
      onRow(fields, line, c) {
        const userSisId = fields[c.userSourcedId]!;
        if (userSisId === '') {
          findings.add({
            code: 'ID_MISSING',
            file: fileName,
            line,
            column: 'userSourcedId',
            message: 'The role names no user; the row is skipped.',
          });
          markPeoplePartial('a roles.csv row names no user');
          return;
        }
        if (c.status >= 0 && isDeletedStatus(fields[c.status])) {
          roleLists.addEnded(userSisId);
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
            sisId: userSisId,
            value: rawRole.slice(0, 100),
            message: `User ${userSisId} has the role "${rawRole.slice(0, 100)}", which the sync does not know; the user is left as it is.`,
          });
          roleLists.addUnreadable(userSisId);
          return;
        }
        const orgSisId = fields[c.orgSourcedId]!.trim();
        if (orgSisId === '') {
          findings.add({
            code: 'REFERENCE_UNKNOWN',
            file: fileName,
            line,
            column: 'orgSourcedId',
            sisId: userSisId,
            message: `A ${rawRole.slice(0, 100)} role of user ${userSisId} names no org; the user is left as it is.`,
          });
          roleLists.addUnreadable(userSisId);
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
                sisId: userSisId,
                value: endDate.slice(0, 100),
                message: `endDate "${endDate.slice(0, 100)}" is not a date (YYYY-MM-DD); the role is taken as current.`,
              });
            } else if (endDate.slice(0, 10) < today) {
              endedCount++;
              roleLists.addEnded(userSisId);
              return;
            }
          }
        }
        let isPrimary = false;
        if (c.roleType >= 0) {
          const roleType = fields[c.roleType]!.trim().toLowerCase();
          if (roleType === 'primary') isPrimary = true;
          else if (roleType !== 'secondary' && roleType !== '') {
            findings.add({
              code: 'VALUE_INVALID',
              file: fileName,
              line,
              column: 'roleType',
              sisId: userSisId,
              value: roleType.slice(0, 100),
              message: `roleType "${roleType.slice(0, 100)}" is not primary or secondary; it is read as secondary.`,
            });
          }
        }
        roleLists.add(userSisId, { role, kind: rawRole.toLowerCase(), orgSisId, isPrimary });
      },
      onUnusableRow() {
        // A role row's first column is its own sourcedId, which does not say whose role it is:
        // any user may be missing a role, so removals of people cannot be trusted.
        markPeoplePartial('a roles.csv row could not be read');
      },
    },
    { entity: 'students', onBytesRead: context.onBytesRead },
  );
  if (endedCount > 0) {
    findings.add({
      code: 'ROLE_ENDED',
      file: fileName,
      entity: 'bundle',
      value: String(endedCount),
      message: `${endedCount} roles ended before ${today}; they are not roles. A user left with none is not in the roster.`,
    });
  }
  return result.isUsable ? { isUsable: true, roleLists } : { isUsable: false };
}
