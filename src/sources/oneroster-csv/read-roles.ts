import type { BundleFile } from './open-bundle.ts';
import { rolesFile } from './oneroster-files.ts';
import { userRoleMap } from './user-role-map.ts';
import { readCsvFile } from './read-csv-file.ts';
import { isDeletedStatus, type ReadContext } from './read-context.ts';
import { UserRoleLists } from './user-role-lists.ts';
import { markPeoplePartial } from './user-rows.ts';

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
  const result = await readCsvFile(
    file,
    rolesFile,
    context.check,
    {
      onRow(fields, line, c) {
        const userSisId = fields[c.userSourcedId]!;
        // No user (VALUE_REQUIRED): whose role it is is unknown.
        if (userSisId === '') {
          markPeoplePartial(snapshot, 'a roles.csv row names no user');
          return;
        }
        if (c.status >= 0 && isDeletedStatus(fields[c.status])) {
          roleLists.addEnded(userSisId);
          return;
        }
        const rawRole = fields[c.role]!.trim();
        const role = userRoleMap.get(rawRole.toLowerCase());
        if (!role) {
          roleLists.addUnreadable(userSisId);
          return;
        }
        // No org (VALUE_REQUIRED): the role cannot be placed, so the user is left as it is.
        const orgSisId = fields[c.orgSourcedId]!.trim();
        if (orgSisId === '') {
          roleLists.addUnreadable(userSisId);
          return;
        }
        if (c.endDate >= 0) {
          // An endDate that is not a date was reported (VALUE_TYPE): the role is current.
          const endDate = fields[c.endDate]!.trim().slice(0, 10);
          if (datePattern.test(endDate) && endDate < today) {
            endedCount++;
            roleLists.addEnded(userSisId);
            return;
          }
        }
        // roleType other than primary/secondary was reported (VALUE_ENUM) and reads as secondary.
        const isPrimary = c.roleType >= 0 && fields[c.roleType]!.trim().toLowerCase() === 'primary';
        roleLists.add(userSisId, { role, kind: rawRole.toLowerCase(), orgSisId, isPrimary });
      },
      onUnusableRow() {
        // A role row's first column is its own sourcedId, which does not say whose role it is:
        // any user may be missing a role, so removals of people cannot be trusted.
        markPeoplePartial(snapshot, 'a roles.csv row could not be read');
      },
    },
    { onBytesRead: context.onBytesRead },
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
