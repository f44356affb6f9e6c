import { splitEnrollmentKey, type DeletedRecords } from '../roster/snapshot.ts';
import { roleKey, type DirectoryView } from './directory-view.ts';

/**
 * What the planner must see in full because the source marked records deleted, besides the
 * groups `groupsToLoad` picks by hash: the memberships of every synced classroom a deleted
 * enrollment names, and the links of every synced guardian marked deleted (by way of their
 * students). A deletion the view has no record for needs nothing: it is a no-op.
 */
export function deletionsToLoad(
  deleted: DeletedRecords,
  view: DirectoryView,
): { classroomIds: string[]; guardianIds: string[] } {
  const classroomIds = new Set<string>();
  for (const key of deleted.enrollments) {
    const classroom = view.classrooms.get(splitEnrollmentKey(key).classSisId);
    if (classroom) classroomIds.add(classroom.id);
  }
  return { classroomIds: [...classroomIds], guardianIds: [...deletedGuardianIds(deleted, view)] };
}

/** Person ids of the synced guardians whose users the source marked deleted. */
export function deletedGuardianIds(deleted: DeletedRecords, view: DirectoryView): Set<string> {
  const ids = new Set<string>();
  for (const sisId of deleted.people) {
    const guardian = view.roles.get(roleKey('guardian', sisId));
    if (guardian) ids.add(guardian.personId);
  }
  return ids;
}
