import type { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot } from '../../roster/snapshot.ts';

/**
 * Once every file is read: drops deletions of records the read could not use either (they are
 * kept, as every unreadable record is), then counts what is left in one `DELETIONS_MARKED`.
 */
export function settleDeletions(snapshot: Snapshot, findings: FindingLog): void {
  const { deleted, unreadable } = snapshot;
  for (const kind of ['people', 'classes', 'enrollments'] as const) {
    for (const key of deleted[kind]) if (unreadable[kind].has(key)) deleted[kind].delete(key);
  }
  const users = deleted.people.size;
  const classes = deleted.classes.size;
  const enrollments = deleted.enrollments.size;
  if (users + classes + enrollments === 0) return;
  findings.add({
    code: 'DELETIONS_MARKED',
    entity: 'bundle',
    value: `${users},${classes},${enrollments}`,
    message: `The bundle marks ${plural(users, 'user')}, ${plural(classes, 'class', 'classes')} and ${plural(enrollments, 'enrollment')} tobedeleted; those this sync holds are removed, through the deletion threshold.`,
  });
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
