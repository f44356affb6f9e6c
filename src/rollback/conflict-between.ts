import type { AuditChange } from './audit-change.ts';

/** Fields of the person itself; the other fields of a student, staff or guardian change are its role's. */
const personFields = new Set([
  'givenName',
  'middleName',
  'familyName',
  'email',
  'mobile',
  'homePhone',
  'language',
]);
const stateActions = new Set(['create', 'archive', 'unarchive', 'add', 'remove']);
/** Actions whose reverse archives the record (see `reverseChange`). */
const reverseArchives = new Set(['create', 'unarchive']);

/** Where a later change collides with a change being rolled back. */
export interface Collision {
  /** The field both changed, `archived` / `present` for a change of state, or what was attached. */
  field: string;
  /**
   * Whether the whole change must be left as it is (`false`: only this field; the rollback can
   * put back the change's other fields).
   */
  isWholeChange: boolean;
}

/**
 * Whether `later`, a change made after `target` by another run or a person, stands in the way
 * of rolling `target` back, and where. Pure. They collide when:
 * 1. both changed the same field of the same record (a person's email, a role's grade, a
 *    classroom's name, a membership's role, a link's relationship). Only that field is left
 *    as it is, except on a membership or link, whose values are put back together;
 * 2. either changed the state of the record the other changed (archived or revived a person's
 *    role or a classroom, added or removed a membership or link): undoing one would undo or
 *    contradict the other. The field is `archived` (records) or `present` (memberships,
 *    links), or the later change's first field;
 * 3. `target` created or revived a record (its rollback archives it) and `later` attached
 *    something to it: a membership of the classroom, a membership or link of the person that
 *    rests on that role. The field is the later change's entity.
 * A later change of other fields of the same record does not collide: the rollback puts back
 * only the fields `target` changed.
 */
export function conflictBetween(target: AuditChange, later: AuditChange): Collision | null {
  const laterFields = fieldKeys(later);
  const isGroup = target.entity === 'memberships' || target.entity === 'guardianLinks';
  if (identityOf(target) === identityOf(later) && (isStateChange(target) || isStateChange(later))) {
    const field = isStateChange(later)
      ? stateField(later)
      : ([...laterFields.values()][0] ?? stateField(later));
    return { field, isWholeChange: true };
  }
  for (const [key, field] of fieldKeys(target)) {
    if (laterFields.has(key)) return { field, isWholeChange: isGroup };
  }
  if (reverseArchives.has(target.action) && restsOn(later, target)) {
    return { field: later.entity, isWholeChange: true };
  }
  return null;
}

/** The record a change is about: a person's role, a classroom, a membership, a link. */
function identityOf(change: AuditChange): string {
  switch (change.entity) {
    case 'classrooms':
      return `classroom:${change.recordId}`;
    case 'memberships':
      return `membership:${change.recordId}:${change.relatedId}`;
    case 'guardianLinks':
      return `link:${change.recordId}:${change.relatedId}`;
    default:
      return `role:${change.relatedId}`;
  }
}

/**
 * The fields a change wrote, keyed by record and field. A create's after-values are a new
 * record's first values, which nothing before it wrote; only its `before` (values it changed
 * on a person who already existed) are changes of existing fields.
 */
function fieldKeys(change: AuditChange): Map<string, string> {
  const names = new Set(Object.keys(change.before ?? {}));
  if (change.action !== 'create') for (const name of Object.keys(change.after ?? {})) names.add(name);
  names.delete('archived');
  const isPerson = change.entity === 'students' || change.entity === 'staff' || change.entity === 'guardians';
  // On a person change `role` is which role it is, not a value (on a membership it is one).
  if (isPerson) names.delete('role');
  const keys = new Map<string, string>();
  for (const name of names) {
    const owner = isPerson && personFields.has(name) ? `person:${change.recordId}` : identityOf(change);
    keys.set(`${owner}:${name}`, name);
  }
  return keys;
}

function isStateChange(change: AuditChange): boolean {
  return stateActions.has(change.action);
}

function stateField(change: AuditChange): string {
  return change.entity === 'memberships' || change.entity === 'guardianLinks' ? 'present' : 'archived';
}

/** Whether `later` is a membership or link that needs the record `target` made or revived. */
function restsOn(later: AuditChange, target: AuditChange): boolean {
  const memberRole = (later.after ?? later.before)?.role;
  switch (target.entity) {
    case 'classrooms':
      return later.entity === 'memberships' && later.recordId === target.recordId;
    case 'students':
      return (
        (later.entity === 'memberships' && later.relatedId === target.recordId && memberRole === 'student') ||
        (later.entity === 'guardianLinks' && later.relatedId === target.recordId)
      );
    case 'staff':
      return (
        later.entity === 'memberships' && later.relatedId === target.recordId && memberRole !== 'student'
      );
    case 'guardians':
      return later.entity === 'guardianLinks' && later.recordId === target.recordId;
    default:
      return false;
  }
}
