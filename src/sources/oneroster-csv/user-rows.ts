import { markPartial, type Snapshot } from '../../roster/snapshot.ts';
import type { ReadContext } from './read-context.ts';
import { readRowStatus } from './read-row-status.ts';

/** The entity types a users file (users.csv, 1.2 roles.csv) feeds. */
export const peopleTypes = ['students', 'staff', 'guardians', 'memberships', 'guardianLinks'] as const;

/** Marks every type a users file feeds partial: some user of it could not be read. */
export function markPeoplePartial(snapshot: Snapshot, reason: string): void {
  for (const entity of peopleTypes) markPartial(snapshot, entity, reason);
}

/**
 * Whether a users.csv row (either OneRoster version) is a user to build: not marked deleted
 * (then it is recorded in `snapshot.deleted`) and not a repeat of an id already read (reported
 * as ID_DUPLICATE by the validator: the first row stands).
 */
export function isUserToBuild(
  sisId: string,
  status: string | undefined,
  line: number,
  context: ReadContext,
): boolean {
  const { people, unreadable } = context.snapshot;
  const isPresent = (): boolean => people.has(sisId) || unreadable.people.has(sisId);
  const verdict = readRowStatus(
    'people',
    status,
    () => ({ key: sisId, isPresent: isPresent(), file: 'users.csv', line, label: `user ${sisId}`, sisId }),
    context,
  );
  return verdict !== 'deleted' && !isPresent();
}

/** A users.csv row that could not be used: its record is kept as it is, or, without an id, removals wait. */
export function protectUnusableUser(snapshot: Snapshot, sisId: string | null): void {
  if (sisId) snapshot.unreadable.people.add(sisId);
  else markPeoplePartial(snapshot, 'a users.csv row could not be read');
}
