import { FindingLog } from '../findings/finding-log.ts';
import { newId } from '../store/new-id.ts';
import type { Store } from '../store/store.ts';
import { ChangeApplier, phaseOf } from './change-applier.ts';
import { skipReasonText, type CurrentRecord, type HeldChange, type SkipReason } from './held-change.ts';
import { HoldError } from './hold-error.ts';
import type { HoldResolution } from './hold-resolution.ts';
import { loadStudentsOfGuardians } from './load-directory-view.ts';
import { loadHeldChanges } from './load-held-changes.ts';
import { loadOpenHold } from './load-open-hold.ts';
import { loadRecheckEvidence } from './load-recheck-evidence.ts';
import { PhaseTimer } from './phase-timer.ts';
import { countChange, newRunCounts, type PlannedChange } from './plan.ts';
import { countApproval, planApproval } from './plan-approval.ts';
import { recheckHeldChange } from './recheck-held-change.ts';
import { recordHoldResolution } from './record-hold-resolution.ts';
import { finishRun, insertRun, markInterruptedRuns, saveFindings } from './run-record.ts';
import { withConfigLock } from './with-config-lock.ts';

export interface ApproveHoldOptions {
  store: Store;
  /** The held run. */
  runId: string;
  /** Apply at most this many held changes; all that still apply when undefined. */
  maxCount?: number | undefined;
  now?: () => Date;
  /** Test hook: fail after this many apply chunks were committed. */
  failAfterChunks?: number;
  applyChunkSize?: number;
}

/** A resolved hold, as `approve` and `discard` report it. */
export type HoldOutcome = HoldResolution & { heldRunId: string };

/**
 * Approves a held run's hold (SPEC §5.5): re-checks each held removal against the directory as
 * it is now (`recheckHeldChange`), decides what to apply (`planApproval`: stable order, at most
 * `maxCount`, guardians as the guard rules) and applies it as a run of its own, trigger
 * `approve`, through the same applier as a sync, so every change is in the audit log with the
 * approval run as actor and can be rolled back with it. The held run keeps its status and
 * gets its resolution. One thing runs per config at a time, so it takes the config's lock.
 *
 * A crash while applying leaves the approval run `failed_interrupted` (marked by the next run)
 * and the hold open: approving again re-checks, finds what was applied archived already, and
 * applies the rest.
 */
export async function approveHold(options: ApproveHoldOptions): Promise<HoldOutcome> {
  const { store } = options;
  const { configId } = await loadOpenHold(store.db, options.runId);
  return withConfigLock(store, configId, async () => {
    // Read again under the lock: an approval or discard may have finished meanwhile.
    const hold = await loadOpenHold(store.db, options.runId);
    await markInterruptedRuns(store.db, configId);
    const timer = new PhaseTimer();
    const changes = await loadHeldChanges(store.db, hold);
    const evidence = await loadRecheckEvidence(store.db, hold, changes);
    const skips = new Map<number, SkipReason>();
    for (const change of changes) {
      const reason = recheckHeldChange(change, evidence.get(change.seq)!);
      if (reason) skips.set(change.seq, reason);
    }
    const guardianIds = changes
      .filter((change) => change.entity === 'guardians' && !skips.has(change.seq))
      .map((change) => change.recordId);
    const plan = planApproval({
      changes,
      skips,
      studentsOfGuardians: await loadStudentsOfGuardians(store.db, hold.districtId, guardianIds),
      maxCount: options.maxCount,
    });
    timer.lap('recheck');

    const runId = newId();
    const run = { id: runId, districtId: hold.districtId };
    await insertRun(store.db, {
      ...run,
      configId,
      isDryRun: false,
      trigger: 'approve',
      input: null,
      heldRunId: hold.runId,
    });
    const counts = newRunCounts();
    try {
      const applier = new ChangeApplier({
        store,
        districtId: hold.districtId,
        configId,
        runId,
        chunkSize: options.applyChunkSize,
        failAfterChunks: options.failAfterChunks,
      });
      // Removals of memberships and links first, archives after them: the applier's phases.
      const ordered = plan.toApply
        .map((change) => toPlannedChange(change, evidence.get(change.seq)?.current))
        .sort((a, b) => phaseOf(a) - phaseOf(b));
      for (const change of ordered) {
        countChange(counts, change);
        const wait = applier.add(change);
        if (wait) await wait;
      }
      await applier.finish({ groupHashes: [], hashRefreshes: [] });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // As for a failed sync: the audit log, not the counts, says what went through.
      await finishRun(store.db, runId, {
        status: 'failed_error',
        counts: newRunCounts(),
        holds: {},
        findingCounts: {},
        timings: timer.timings,
        error: message,
      });
      throw new HoldError(
        'APPROVAL_FAILED',
        `Approving run ${hold.runId} failed (approval run ${runId}): ${message}. The hold is still open; approve again to finish.`,
      );
    }
    timer.lap('apply');

    const counted = countApproval(plan);
    const resolution: HoldResolution = {
      resolution: 'approved',
      runId,
      at: (options.now?.() ?? new Date()).toISOString(),
      held: changes.length,
      ...counted,
      discarded: 0,
    };
    await recordHoldResolution(
      store,
      hold,
      resolution,
      changes.map((change) => {
        const outcome = plan.outcomes.get(change.seq)!;
        return {
          seq: change.seq,
          state: outcome.state,
          reason: outcome.state === 'skipped' ? outcome.reason : null,
        };
      }),
    );
    const findings = new FindingLog();
    for (const { reason, count } of counted.skipped) {
      findings.add({
        code: 'HELD_CHANGES_SKIPPED',
        value: String(count),
        message: `Skipped ${count} held removal${count === 1 ? '' : 's'} of run ${hold.runId}: ${skipReasonText[reason]} (${reason}).`,
      });
    }
    if (counted.remaining > 0) {
      findings.add({
        code: 'HELD_CHANGES_NOT_APPROVED',
        value: String(counted.remaining),
        message: `Left ${counted.remaining} held removal${counted.remaining === 1 ? '' : 's'} of run ${hold.runId} as they are: beyond the approved count (--max ${options.maxCount}).`,
      });
    }
    await saveFindings(store.db, run, findings.list());
    timer.lap('report');
    await finishRun(store.db, runId, {
      status: counted.skipped.length > 0 ? 'succeeded_with_warnings' : 'succeeded',
      counts,
      holds: {},
      findingCounts: findings.counts(),
      timings: timer.timings,
    });
    return { heldRunId: hold.runId, ...resolution };
  });
}

/** A held change as the applier takes it: a removal of an existing record, nothing created. */
function toPlannedChange(change: HeldChange, current: CurrentRecord | undefined): PlannedChange {
  const { seq, ...planned } = change;
  switch (change.entity) {
    case 'classrooms':
      return { ...planned, apply: { kind: 'classroom', hash: '' } };
    case 'memberships':
      return { ...planned, apply: { kind: 'membership', isNewGroup: false } };
    case 'guardianLinks':
      return { ...planned, apply: { kind: 'link', isNewGroup: false } };
    default:
      // The re-check let it through, so its role is there (`current`) and owned by the config.
      if (current?.kind !== 'role' || !change.relatedId) {
        throw new Error(`approveHold: the role of held change ${seq} was not loaded`);
      }
      return {
        ...planned,
        apply: { kind: 'person', role: current.role, roleId: change.relatedId, isNewPerson: false, hash: '' },
      };
  }
}
