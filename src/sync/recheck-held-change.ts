import type { CurrentRecord, HeldChange, SkipReason } from './held-change.ts';

/** What is known now about the record a held change is about. */
export interface RecheckEvidence {
  /** The config the held run synced: only its records may be removed. */
  configId: string;
  /** The record as the directory holds it now; undefined when it is not there. */
  current: CurrentRecord | undefined;
  /** The audit log shows a change to the record, by another run or a person, since the held run started. */
  isChangedSince: boolean;
  /**
   * A later run of the config read the source and neither removed nor held the record: the
   * source had it again (or that run could not tell), so removing it now would be a guess.
   */
  isKeptByLaterRun: boolean;
}

const kindOfEntity = {
  students: 'role',
  staff: 'role',
  guardians: 'role',
  classrooms: 'classroom',
  memberships: 'membership',
  guardianLinks: 'link',
} as const;

/**
 * Whether a held removal still applies to the directory as it is now (SPEC §5.5: approving
 * re-plans the held removals against the current directory). `null`: apply it; otherwise why
 * not. In order: the record must still be there and owned by the same config, still active or
 * linked with the values the change expected, untouched by anyone since the held run, and not
 * kept by a later read of the source. A wrong keep is undone by the next run; a wrong removal
 * is not, so every doubt skips.
 */
export function recheckHeldChange(change: HeldChange, evidence: RecheckEvidence): SkipReason | null {
  const { current } = evidence;
  const isLink = change.action === 'remove';
  if (!current || current.kind !== kindOfEntity[change.entity]) {
    return isLink ? 'already_removed' : 'record_missing';
  }
  if (current.kind === 'role' && current.personId !== change.recordId) return 'record_missing';
  if (current.configId !== evidence.configId) return 'not_owned';
  if (current.kind === 'role' || current.kind === 'classroom') {
    if (current.isArchived) return 'already_archived';
  } else if (!hasValues(current.values, change.before)) {
    return 'changed_since';
  }
  if (evidence.isChangedSince) return 'changed_since';
  if (evidence.isKeptByLaterRun) return 'kept_by_later_run';
  return null;
}

/** Whether `current` holds every value `expected` names (a membership's role, a link's relationship…). */
function hasValues(current: Record<string, unknown>, expected: Record<string, unknown> | null): boolean {
  if (!expected) return true;
  return Object.entries(expected).every(([key, value]) => (current[key] ?? null) === (value ?? null));
}
