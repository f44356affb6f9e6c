import { entityOfRole, type SnapshotPerson } from '../roster/snapshot.ts';
import { roleKey, type DirectoryView } from './directory-view.ts';
import type { CredentialChange } from './find-taken-credentials.ts';
import type { SyncTargets } from './sync-targets.ts';

/**
 * The emails and mobiles the plan would give people the directory already has: for each person
 * to plan with a loaded role, each credential whose target value is set and differs from the
 * stored one. Only changed people are planned, so a quiet day has none.
 */
export function findCredentialChanges(
  toPlan: readonly SnapshotPerson[],
  targets: Pick<SyncTargets, 'people'>,
  view: Pick<DirectoryView, 'roles' | 'roleDetails'>,
): CredentialChange[] {
  const changes: CredentialChange[] = [];
  for (const person of toPlan) {
    const target = targets.people.target(person);
    if (!target) continue;
    for (const role of target.roles) {
      const record = view.roles.get(roleKey(role.role, role.sisId));
      const details = record ? view.roleDetails.get(record.roleId) : undefined;
      if (!record || !details) continue;
      for (const field of ['email', 'mobile'] as const) {
        const value = target.fields[field];
        if (value && value !== details.person[field]) {
          changes.push({
            sisId: person.sisId,
            personId: record.personId,
            entity: entityOfRole[role.role],
            field,
            value,
          });
        }
      }
      break;
    }
  }
  return changes;
}
