import { normalizeGrade } from '../../roster/normalize-grade.ts';
import { normalizeText } from '../../roster/normalize-text.ts';
import { ownString } from '../../roster/own-string.ts';
import { type PersonRoleName, type SnapshotPerson, type SnapshotRole } from '../../roster/snapshot.ts';
import { splitList } from '../../roster/split-list.ts';
import type { BundleFile } from './open-bundle.ts';
import { usersFile } from './oneroster-files.ts';
import { userRoleMap } from './user-role-map.ts';
import { readContactFields } from './read-contact-fields.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';
import { isUserToBuild, protectUnusableUser } from './user-rows.ts';

const noAgents: readonly string[] = Object.freeze([]);

function listOrEmpty(list: string[]): readonly string[] {
  return list.length === 0 ? noAgents : list;
}

/** Reads users.csv into the snapshot's people. */
export async function readUsers(
  file: BundleFile,
  context: ReadContext,
): Promise<CsvFileResult<typeof usersFile>> {
  const { snapshot } = context;
  // A million users share a few thousand (role, kind, orgs) combinations: one frozen roles
  // array per combination instead of three objects per user.
  const rolesByKey = new Map<string, readonly SnapshotRole[]>();
  const sharedRoles = (role: PersonRoleName, kind: string, orgs: string): readonly SnapshotRole[] => {
    const key = `${role}\u001f${kind}\u001f${orgs}`;
    let roles = rolesByKey.get(key);
    if (!roles) {
      roles = Object.freeze([Object.freeze({ role, kind, orgSisIds: Object.freeze(splitList(orgs)) })]);
      rolesByKey.set(key, roles);
    }
    return roles;
  };
  const { people, unreadable } = snapshot;
  const fileName = usersFile.name;

  const result = await readCsvFile(
    file,
    usersFile,
    context.check,
    {
      onRow(fields, line, c) {
        // The validator has reported every format problem; rows without an id never get here.
        const sisId = ownString(fields[c.sourcedId]!);
        if (!isUserToBuild(sisId, c.status >= 0 ? fields[c.status] : undefined, line, context)) return;
        const rawRole = fields[c.role]!.trim();
        // A role the sync does not know was reported (ROLE_UNKNOWN): the user is left as it is.
        const role = userRoleMap.get(rawRole.toLowerCase());
        if (!role) {
          unreadable.people.add(sisId);
          return;
        }
        let grade: string | null | undefined = c.grades >= 0 ? null : undefined;
        if (c.grades >= 0 && role === 'student') {
          for (const raw of splitList(fields[c.grades])) {
            // A grade that is not CEDS was reported (GRADE_INVALID): the one on record stays.
            const normalized = normalizeGrade(raw);
            grade = 'value' in normalized ? normalized.value : undefined;
            if (grade) break;
          }
        }
        const person: SnapshotPerson = {
          sisId,
          roles: sharedRoles(role, rawRole.toLowerCase(), fields[c.orgSourcedIds]!),
          givenName: normalizeText(fields[c.givenName]),
          middleName: c.middleName >= 0 ? normalizeText(fields[c.middleName]) : undefined,
          familyName: normalizeText(fields[c.familyName]),
          ...readContactFields(fields, c, { sisId, line, file: fileName }, context),
          // OneRoster 1.1 carries neither a language nor a state id.
          language: undefined,
          stateId: undefined,
          studentNumber:
            c.identifier >= 0 ? (role === 'student' ? normalizeText(fields[c.identifier]) : null) : undefined,
          grade,
          agentSisIds: c.agentSourcedIds >= 0 ? listOrEmpty(splitList(fields[c.agentSourcedIds])) : noAgents,
        };
        people.set(sisId, person);
      },
      onUnusableRow: (sisId) => protectUnusableUser(snapshot, sisId),
    },
    { onBytesRead: context.onBytesRead },
  );
  return result;
}
