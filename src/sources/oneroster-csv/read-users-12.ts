import { normalizeGrade } from '../../roster/normalize-grade.ts';
import { normalizeText } from '../../roster/normalize-text.ts';
import { ownString } from '../../roster/own-string.ts';
import type { SnapshotPerson, SnapshotRole } from '../../roster/snapshot.ts';
import { splitList } from '../../roster/split-list.ts';
import type { BundleFile } from './open-bundle.ts';
import { users12File } from './oneroster-files.ts';
import { readContactFields } from './read-contact-fields.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';
import { readRoles } from './read-roles.ts';
import { isUserToBuild, protectUnusableUser } from './user-rows.ts';

const noAgents: readonly string[] = Object.freeze([]);

function listOrEmpty(list: string[]): readonly string[] {
  return list.length === 0 ? noAgents : list;
}

function hasStudentRole(roles: readonly SnapshotRole[]): boolean {
  for (const role of roles) if (role.role === 'student') return true;
  return false;
}

/** A column's normalised text; `null` when it is empty or the file has no such column. */
function textAt(fields: string[], column: number): string | null {
  return column >= 0 ? normalizeText(fields[column]) : null;
}

/**
 * Reads a OneRoster 1.2 users.csv with its roles.csv into the snapshot's people.
 *
 * roles.csv is read first, into compact per-user role lists (see `UserRoleLists`), and
 * users.csv then builds each person with its roles and drops the user's list: the lists are
 * the only extra memory, and they shrink as people are built. (Reading users.csv first would
 * mean holding every person's primary org and grade aside until its roles are known.)
 *
 * - A user may hold several roles (a teacher who is also a parent): one person with a staff
 *   and a guardian role. Orgs of the same directory role form one role, primary org first.
 * - A user with no role row is reported (`USER_WITHOUT_ROLE`) and left as it is; one whose
 *   rows have all ended is not in the roster (its roles leave, through the guard).
 * - A role row of a user users.csv does not have is `REFERENCE_UNKNOWN`.
 */
export async function readUsers12(
  usersEntry: BundleFile,
  rolesEntry: BundleFile,
  context: ReadContext,
): Promise<CsvFileResult<typeof users12File>> {
  const { snapshot, findings } = context;
  const rolesResult = await readRoles(rolesEntry, context);
  if (!rolesResult.isUsable) return { isUsable: false };
  const { roleLists } = rolesResult;
  const { people, unreadable } = snapshot;
  const fileName = users12File.name;

  const result = await readCsvFile(
    usersEntry,
    users12File,
    context.check,
    {
      onRow(fields, line, c) {
        // The validator has reported every format problem; rows without an id never get here.
        const sisId = ownString(fields[c.sourcedId]!);
        if (!isUserToBuild(sisId, c.status >= 0 ? fields[c.status] : undefined, line, context)) return;
        const primaryOrgSisId = c.primaryOrgSourcedId >= 0 ? fields[c.primaryOrgSourcedId]!.trim() : '';
        const userRoles = roleLists.take(sisId, primaryOrgSisId);
        if (userRoles.kind === 'none') {
          findings.add({
            code: 'USER_WITHOUT_ROLE',
            file: fileName,
            line,
            column: 'sourcedId',
            sisId,
            message: `User ${sisId} has no row in roles.csv, so the sync cannot tell whether it is a student, staff or guardian; the user is left as it is.`,
          });
          unreadable.people.add(sisId);
          return;
        }
        if (userRoles.kind === 'unreadable') {
          // roles.csv said why (ROLE_UNKNOWN, REFERENCE_UNKNOWN).
          unreadable.people.add(sisId);
          return;
        }
        if (userRoles.kind === 'ended') return;
        const { roles } = userRoles;
        const isStudent = hasStudentRole(roles);
        let grade: string | null | undefined = c.grades >= 0 ? null : undefined;
        if (c.grades >= 0 && isStudent) {
          for (const raw of splitList(fields[c.grades])) {
            // A grade that is not CEDS was reported (GRADE_INVALID): the one on record stays.
            const normalized = normalizeGrade(raw);
            grade = 'value' in normalized ? normalized.value : undefined;
            if (grade) break;
          }
        }
        // The directory shows the name a person goes by: a non-empty preferred name (1.2
        // preferredGivenName, preferredMiddleName, preferredFamilyName) replaces the legal
        // one, field by field. The legal name is not stored; a preferred name that is later
        // emptied brings the legal one back on the next run.
        const person: SnapshotPerson = {
          sisId,
          roles,
          givenName: textAt(fields, c.preferredGivenName) ?? normalizeText(fields[c.givenName]),
          middleName:
            textAt(fields, c.preferredMiddleName) ??
            (c.middleName >= 0 ? normalizeText(fields[c.middleName]) : undefined),
          familyName: textAt(fields, c.preferredFamilyName) ?? normalizeText(fields[c.familyName]),
          ...readContactFields(fields, c, { sisId, line, file: fileName }, context),
          // users.csv carries no language (1.2 has it in demographics.csv, not read yet) and
          // no state id.
          language: undefined,
          stateId: undefined,
          studentNumber:
            c.identifier >= 0 ? (isStudent ? normalizeText(fields[c.identifier]) : null) : undefined,
          grade,
          agentSisIds: c.agentSourcedIds >= 0 ? listOrEmpty(splitList(fields[c.agentSourcedIds])) : noAgents,
        };
        people.set(sisId, person);
      },
      onUnusableRow: (sisId) => protectUnusableUser(snapshot, sisId),
    },
    { onBytesRead: context.onBytesRead },
  );
  // Roles of users that users.csv does not have were reported by the validator
  // (REFERENCE_UNKNOWN, with their line); they are simply not used.
  return result;
}
