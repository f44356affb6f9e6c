import type { EntityType } from '../roster/snapshot.ts';
import type { ChangeAction, PlannedChange } from '../sync/plan.ts';
import type { AuditChange } from './audit-change.ts';

const roleOfEntity = { students: 'student', staff: 'staff', guardians: 'guardian' } as const;

/** People and classrooms: records, archived and revived, never deleted. */
export const recordEntities: readonly EntityType[] = ['students', 'staff', 'guardians', 'classrooms'];
/** Memberships and guardian links: added and removed. */
export const groupEntities: readonly EntityType[] = ['memberships', 'guardianLinks'];

/**
 * Which changes of a run have their reverses in each of the applier's phases (`phaseOf`):
 * revivals and field updates, then re-added memberships and links, then removed ones, then
 * archives. The rollback reads a run's changes phase by phase, so its reverses stream into the
 * applier in the order the applier needs (nothing refers to a record not yet revived, nothing
 * is archived before what refers to it is removed).
 */
export const reversePhases: readonly { entities: readonly EntityType[]; actions: readonly ChangeAction[] }[] =
  [
    { entities: recordEntities, actions: ['update', 'archive'] },
    { entities: groupEntities, actions: ['update', 'remove'] },
    { entities: groupEntities, actions: ['add'] },
    { entities: recordEntities, actions: ['create', 'unarchive'] },
  ];

/**
 * The change that undoes an applied one, as the applier takes it. Pure.
 * - A created person role or classroom is archived, never deleted, so ids stay stable; a role
 *   created for a person who already existed also gets back the person's values the create
 *   changed (its `before`).
 * - An update puts back the values it replaced; a revival is archived with its values put
 *   back; an archive is revived.
 * - An added membership or link is removed; a removed one is added back as it was; an update
 *   is undone.
 * The content hash the reverse stores is `null`: the values put back are not what the source
 * last sent, so the next run compares the record in full (and group hashes are cleared by the
 * applier for every membership and link group it touches).
 */
export function reverseChange(change: AuditChange): PlannedChange {
  const { entity, recordId, relatedId, sisId, before, after } = change;
  const base = { entity, recordId, relatedId, sisId };
  if (entity === 'memberships' || entity === 'guardianLinks') {
    const apply = entity === 'memberships' ? 'membership' : 'link';
    const details = { kind: apply, isNewGroup: false } as const;
    if (change.action === 'add')
      return { ...base, action: 'remove', before: after, after: null, apply: details };
    if (change.action === 'remove')
      return { ...base, action: 'add', before: null, after: before, apply: details };
    if (change.action === 'update')
      return { ...base, action: 'update', before: after, after: before, apply: details };
    throw unexpected(change);
  }
  const apply =
    entity === 'classrooms'
      ? ({ kind: 'classroom', hash: null } as const)
      : ({
          kind: 'person',
          role: roleOfEntity[entity],
          roleId: requireRelated(change),
          isNewPerson: false,
          hash: null,
        } as const);
  switch (change.action) {
    case 'create': {
      // A create's `before` holds the values it changed on a person who already existed.
      const changed = Object.keys(before ?? {});
      return {
        ...base,
        action: 'archive',
        before: { ...pickKeys(after, changed), archived: false },
        after: { ...before, archived: true },
        apply,
      };
    }
    case 'update':
      return { ...base, action: 'update', before: after, after: before, apply };
    case 'unarchive':
      return { ...base, action: 'archive', before: after, after: before, apply };
    case 'archive':
      return { ...base, action: 'unarchive', before: after, after: before, apply };
    default:
      throw unexpected(change);
  }
}

function pickKeys(values: Record<string, unknown> | null, keys: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) picked[key] = values?.[key] ?? null;
  return picked;
}

function requireRelated(change: AuditChange): string {
  if (!change.relatedId) throw new Error(`reverseChange: ${change.entity} change ${change.id} names no role`);
  return change.relatedId;
}

function unexpected(change: AuditChange): Error {
  return new Error(
    `reverseChange: cannot reverse a ${change.action} of ${change.entity} (audit row ${change.id})`,
  );
}

/**
 * A reverse without the fields later changes set (a `--partial` rollback leaves those as they
 * are); `null` when that leaves an update with nothing to put back. Archives and revivals
 * stay: their state change is what they are for.
 */
export function withoutFields(reverse: PlannedChange, fields: ReadonlySet<string>): PlannedChange | null {
  if (fields.size === 0) return reverse;
  const drop = (values: Record<string, unknown> | null) =>
    values && Object.fromEntries(Object.entries(values).filter(([field]) => !fields.has(field)));
  const after = drop(reverse.after);
  if (reverse.action === 'update' && Object.keys(after ?? {}).length === 0) return null;
  return { ...reverse, before: drop(reverse.before), after };
}
