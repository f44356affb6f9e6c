import { entityTypes } from '../roster/snapshot.ts';
import { skipReasons, type HeldChange, type SkipReason } from './held-change.ts';

/** What an approval does with one held change. */
export type ApprovalOutcome =
  | { state: 'approved' }
  | { state: 'skipped'; reason: SkipReason }
  /** Still applied when re-checked, but beyond the approved count (`--max`). */
  | { state: 'not_approved' };

export interface ApprovalInput {
  /** The held run's held changes. */
  changes: readonly HeldChange[];
  /** The re-check's verdict on the changes that no longer apply, by `seq` (see `recheckHeldChange`). */
  skips: ReadonlyMap<number, SkipReason>;
  /** Students (person ids) each held guardian is linked to now, by any link. */
  studentsOfGuardians: ReadonlyMap<string, readonly string[]>;
  /** How many changes to apply at most; all when undefined. */
  maxCount?: number | undefined;
}

export interface ApprovalPlan {
  /** The changes to apply, in the stable order they were taken in. */
  toApply: HeldChange[];
  /** Every held change's outcome, by `seq`. */
  outcomes: Map<number, ApprovalOutcome>;
}

/** Skips after which the student (or link) a guardian waits for is gone: it waits no longer. */
const goneReasons: ReadonlySet<SkipReason> = new Set([
  'record_missing',
  'already_archived',
  'already_removed',
]);

/**
 * Decides which held changes an approval applies. Pure. Changes that still apply are taken in
 * a stable order (type, then SIS id, then ids) up to `maxCount`; guardian archives come last
 * and follow the guard's rule (`guardPlan`): a guardian whose students' archives or whose own
 * link removals in this hold are not applied waits with them — `not_approved` when they were
 * beyond the count, skipped (`waits_for_students`) when they no longer apply.
 */
export function planApproval(input: ApprovalInput): ApprovalPlan {
  const maxCount = input.maxCount ?? Number.POSITIVE_INFINITY;
  const outcomes = new Map<number, ApprovalOutcome>();
  const toApply: HeldChange[] = [];
  const take = (change: HeldChange): void => {
    if (toApply.length < maxCount) {
      toApply.push(change);
      outcomes.set(change.seq, { state: 'approved' });
    } else {
      outcomes.set(change.seq, { state: 'not_approved' });
    }
  };
  const isGuardianArchive = (change: HeldChange): boolean =>
    change.entity === 'guardians' && change.action === 'archive';
  for (const change of input.changes) {
    const reason = input.skips.get(change.seq);
    if (reason) outcomes.set(change.seq, { state: 'skipped', reason });
  }
  const open = input.changes.filter((change) => !outcomes.has(change.seq)).sort(stableOrder);
  for (const change of open) if (!isGuardianArchive(change)) take(change);

  // What each guardian waits for: its students' archives and its own link removals in this hold.
  const studentArchives = new Map<string, HeldChange>();
  const linkRemovals = new Map<string, HeldChange[]>();
  for (const change of input.changes) {
    if (change.entity === 'students' && change.action === 'archive')
      studentArchives.set(change.recordId, change);
    if (change.entity === 'guardianLinks') {
      const list = linkRemovals.get(change.recordId) ?? [];
      list.push(change);
      linkRemovals.set(change.recordId, list);
    }
  }
  for (const guardian of open) {
    if (!isGuardianArchive(guardian)) continue;
    const awaited = [
      ...(input.studentsOfGuardians.get(guardian.recordId) ?? []).flatMap((studentId) => {
        const archive = studentArchives.get(studentId);
        return archive ? [archive] : [];
      }),
      ...(linkRemovals.get(guardian.recordId) ?? []),
    ].map((change) => outcomes.get(change.seq));
    if (awaited.some((outcome) => outcome?.state === 'not_approved')) {
      outcomes.set(guardian.seq, { state: 'not_approved' });
    } else if (awaited.some((outcome) => outcome?.state === 'skipped' && !goneReasons.has(outcome.reason))) {
      outcomes.set(guardian.seq, { state: 'skipped', reason: 'waits_for_students' });
    } else {
      take(guardian);
    }
  }
  return { toApply, outcomes };
}

/** Counts of an approval's outcomes: applied, skipped per reason (in `skipReasons` order), left. */
export function countApproval(plan: ApprovalPlan): {
  approved: number;
  skipped: { reason: SkipReason; count: number }[];
  remaining: number;
} {
  const skipped = new Map<SkipReason, number>();
  let remaining = 0;
  for (const outcome of plan.outcomes.values()) {
    if (outcome.state === 'skipped') skipped.set(outcome.reason, (skipped.get(outcome.reason) ?? 0) + 1);
    else if (outcome.state === 'not_approved') remaining++;
  }
  return {
    approved: plan.toApply.length,
    skipped: skipReasons.flatMap((reason) => {
      const count = skipped.get(reason);
      return count ? [{ reason, count }] : [];
    }),
    remaining,
  };
}

const rankOf = new Map<string, number>(entityTypes.map((entity, index) => [entity, index]));

function stableOrder(a: HeldChange, b: HeldChange): number {
  return (
    (rankOf.get(a.entity) ?? 0) - (rankOf.get(b.entity) ?? 0) ||
    compare(a.sisId ?? '', b.sisId ?? '') ||
    compare(a.recordId, b.recordId) ||
    compare(a.relatedId ?? '', b.relatedId ?? '') ||
    a.seq - b.seq
  );
}

/** Code-unit order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
