import { FindingLog, type NewFinding } from '../findings/finding-log.ts';
import { entityTypes, type EntityType } from '../roster/snapshot.ts';
import { newId } from '../store/new-id.ts';
import type { Store } from '../store/store.ts';
import { ChangeApplier } from '../sync/change-applier.ts';
import { PhaseTimer } from '../sync/phase-timer.ts';
import { countChange, newRunCounts, type EntityCounts, type PlannedChange } from '../sync/plan.ts';
import {
  finishRun,
  insertRun,
  markInterruptedRuns,
  PlanChangeWriter,
  saveFindings,
} from '../sync/run-record.ts';
import type { RunStatus } from '../sync/run-status.ts';
import type { RunProgress } from '../sync/run-sync.ts';
import { withConfigLock } from '../sync/with-config-lock.ts';
import type { AuditChange } from './audit-change.ts';
import { findRollbackConflicts } from './find-rollback-conflicts.ts';
import { loadCancelledRuns } from './load-cancelled-runs.ts';
import { loadEarlierRollbacks } from './load-earlier-rollbacks.ts';
import { readRunChanges, runChangeRange, type RunChangeRange } from './read-run-changes.ts';
import { reverseChange, reversePhases, withoutFields } from './reverse-change.ts';
import type { RollbackConflict } from './rollback-conflict.ts';
import { RollbackError } from './rollback-error.ts';
import { revertedKey } from './reverted-key.ts';

export interface RollbackRunOptions {
  store: Store;
  /** The run to roll back. */
  runId: string;
  /** Roll back the changes nothing later touched and report the rest, instead of refusing. */
  isPartial?: boolean;
  /** Record the reverse changes as a plan (`run show`), change nothing. */
  isDryRun?: boolean;
  progress?: RunProgress;
  applyChunkSize?: number;
  /** Test hook: fail after this many apply chunks were committed. */
  failAfterChunks?: number;
}

export interface RollbackSummary {
  /** The rollback's own run. */
  id: string;
  rolledBackRunId: string;
  configId: string;
  districtId: string;
  status: RunStatus;
  isDryRun: boolean;
  isPartial: boolean;
  /** Changes of the rolled-back run this rollback reverted, per entity. */
  reverted: Record<EntityType, number>;
  /** The rollback's changes counted as a run's are (a reverted create counts as archived…). */
  counts: Record<EntityType, EntityCounts>;
  /** Changes left as they are because later changes stand in the way (only with `isPartial`). */
  conflicts: RollbackConflict[];
  error: string | null;
}

const noFields: ReadonlySet<string> = new Set();
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rolls a run back (SPEC §5.6) from the audit log: every change it applied is undone by its
 * reverse (`reverseChange`), applied through the sync's own chunked, transactional applier as a
 * run of its own (trigger `rollback`, `rolled_back_run_id` naming the run) whose changes are
 * audited like any run's. So the change feed publishes them, a crash leaves each record in its
 * old or new state, and a rollback can itself be rolled back.
 *
 * Refused (`RollbackError`, nothing recorded) when the run does not exist, was rolled back
 * already, or later changes collide with some of its changes (`findRollbackConflicts`) and
 * `isPartial` is not set; with it, the colliding changes are left as they are and reported
 * (findings `ROLLBACK_CONFLICT`, status `succeeded_with_warnings`). A run that changed nothing
 * gives a rollback that changes nothing.
 *
 * An attempt that stopped halfway (`failed_*`) is finished by the next one: the changes it
 * reverted (found by `revertedKey` in its audit rows) are skipped, and its own changes are not
 * taken for later ones.
 */
export async function rollbackRun(options: RollbackRunOptions): Promise<RollbackSummary> {
  const { store } = options;
  const { db } = store;
  const target = uuidPattern.test(options.runId)
    ? await db
        .selectFrom('runs')
        .select(['id', 'district_id', 'config_id'])
        .where('id', '=', options.runId.toLowerCase())
        .executeTakeFirst()
    : undefined;
  if (!target) throw new RollbackError('RUN_NOT_FOUND', `No run ${options.runId}.`);
  return withConfigLock(store, target.config_id, async () => {
    await markInterruptedRuns(db, target.config_id);
    const earlier = await loadEarlierRollbacks(db, { id: target.id, districtId: target.district_id });
    if (earlier.finishedId) {
      throw new RollbackError(
        'RUN_ALREADY_ROLLED_BACK',
        `Run ${target.id} was rolled back already, by run ${earlier.finishedId}. To undo that, roll back run ${earlier.finishedId}.`,
      );
    }
    const { alreadyReverted } = earlier;

    const timer = new PhaseTimer();
    const range = await runChangeRange(db, { districtId: target.district_id, runId: target.id });
    // Not later changes: this rollback's own earlier attempts, and runs a rollback cancelled.
    const excludedRunIds = [...earlier.unfinishedIds, ...(await loadCancelledRuns(db, target.district_id))];
    const conflicts = range
      ? await findRollbackConflicts(db, range, { excludedRunIds, alreadyReverted })
      : [];
    // A conflict leaves its whole change as it is, or (a field of a person or classroom) only
    // that field.
    const conflicting = new Set(conflicts.map((conflict) => conflict.changeId));
    const keptWhole = new Set<string>();
    const keptFields = new Map<string, Set<string>>();
    for (const conflict of conflicts) {
      if (conflict.isWholeChange) keptWhole.add(conflict.changeId);
      else
        keptFields.set(
          conflict.changeId,
          (keptFields.get(conflict.changeId) ?? new Set()).add(conflict.field),
        );
    }
    timer.lap('conflicts');
    if (conflicts.length > 0 && !options.isPartial) {
      throw new RollbackError(
        'ROLLBACK_CONFLICTS',
        `Run ${target.id} cannot be rolled back: later changes collide with ${conflicting.size} of its changes (${conflicts.length} conflicts). Nothing was changed; --partial rolls back the rest.`,
        conflicts,
      );
    }

    const isDryRun = options.isDryRun ?? false;
    const run = { id: newId(), districtId: target.district_id };
    await insertRun(db, {
      ...run,
      configId: target.config_id,
      isDryRun,
      trigger: 'rollback',
      input: null,
      rolledBackRunId: target.id,
    });
    const findings = new FindingLog();
    for (const conflict of conflicts) findings.add(conflictFinding(conflict));
    let counts = newRunCounts();
    let reverted = zeroPerEntity();
    let error: string | null = null;
    if (range) {
      try {
        await applyReverses(options, range, run, {
          configId: target.config_id,
          reverseOf: (change) => {
            if (alreadyReverted.has(revertedKey(change)) || keptWhole.has(change.id)) return null;
            const reverse = withoutFields(reverseChange(change), keptFields.get(change.id) ?? noFields);
            if (reverse) {
              countChange(counts, reverse);
              reverted[change.entity]++;
            }
            return reverse;
          },
        });
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        // Counted as they streamed, some never committed: the audit log says what did.
        if (!isDryRun) ({ counts, reverted } = await countApplied(store, run));
      }
    }
    timer.lap(isDryRun ? 'plan' : 'apply');
    const status: RunStatus = error
      ? 'failed_error'
      : conflicts.length > 0
        ? 'succeeded_with_warnings'
        : 'succeeded';
    await saveFindings(db, run, findings.list());
    timer.lap('report');
    await finishRun(db, run.id, {
      status,
      counts,
      holds: {},
      findingCounts: findings.counts(),
      timings: timer.timings,
      error,
    });
    return {
      id: run.id,
      rolledBackRunId: target.id,
      configId: target.config_id,
      districtId: target.district_id,
      status,
      isDryRun,
      isPartial: options.isPartial ?? false,
      reverted,
      counts,
      conflicts,
      error,
    };
  });
}

/**
 * Streams the reverses of the run's changes into the applier (or, for a dry run, into the
 * run's plan), phase by phase (`reversePhases`). The applier clears the stored hash of every
 * membership and link group it touches and the reverses carry no content hash, so the next
 * sync compares what the rollback touched in full; no group hash is stored at the end.
 */
async function applyReverses(
  options: RollbackRunOptions,
  range: RunChangeRange,
  run: { id: string; districtId: string },
  handling: {
    configId: string;
    /** The change to apply for one of the run's, or null to leave it as it is. */
    reverseOf: (change: AuditChange) => PlannedChange | null;
  },
): Promise<void> {
  const { store } = options;
  const progress = options.isDryRun ? undefined : options.progress?.step('apply');
  progress?.setTotal(range.count);
  let reported = 0;
  const sink = options.isDryRun
    ? new PlanChangeWriter(store, run, 'planned')
    : new ChangeApplier({
        store,
        districtId: run.districtId,
        configId: handling.configId,
        runId: run.id,
        chunkSize: options.applyChunkSize,
        failAfterChunks: options.failAfterChunks,
        onProgress: (applied) => {
          progress?.advance(applied - reported);
          reported = applied;
        },
      });
  try {
    for (const phase of reversePhases) {
      for await (const page of readRunChanges(store.db, range, phase)) {
        for (const change of page) {
          const reverse = handling.reverseOf(change);
          if (!reverse) continue;
          const wait = sink.add(reverse);
          if (wait) await wait;
        }
      }
    }
    if (sink instanceof ChangeApplier) await sink.finish({ groupHashes: [], hashRefreshes: [] });
    else await sink.finish();
  } finally {
    progress?.done();
  }
}

function zeroPerEntity(): Record<EntityType, number> {
  return Object.fromEntries(entityTypes.map((entity) => [entity, 0])) as Record<EntityType, number>;
}

/** What a rollback run applied, from its audit rows (counted as `countChange` does). */
async function countApplied(
  store: Store,
  run: { id: string; districtId: string },
): Promise<{ counts: Record<EntityType, EntityCounts>; reverted: Record<EntityType, number> }> {
  const rows = await store.db
    .selectFrom('audit_log')
    .select(['entity', 'action', (eb) => eb.fn.countAll<string>().as('count')])
    .where('district_id', '=', run.districtId)
    .where('run_id', '=', run.id)
    .groupBy(['entity', 'action'])
    .execute();
  const counts = newRunCounts();
  const reverted = zeroPerEntity();
  const column = {
    create: 'created',
    add: 'created',
    update: 'updated',
    archive: 'archived',
    remove: 'archived',
    unarchive: 'unarchived',
  } as const;
  for (const row of rows) {
    const entity = row.entity as EntityType;
    const count = Number(row.count);
    counts[entity][column[row.action as keyof typeof column]] += count;
    reverted[entity] += count;
  }
  return { counts, reverted };
}

function conflictFinding(conflict: RollbackConflict): NewFinding {
  const { changedBy } = conflict;
  const by = changedBy.runId
    ? `run ${changedBy.runId}`
    : changedBy.personId
      ? `person ${changedBy.personId}`
      : changedBy.type;
  const record = `${conflict.entity} ${conflict.sisId ?? conflict.recordId}`;
  const message = conflict.isWholeChange
    ? `Not rolled back: the change of ${record}; ${by} changed its ${conflict.field} later, at ${conflict.at}.`
    : `Not rolled back: ${conflict.field} of ${record} (the change's other fields were); ${by} changed it later, at ${conflict.at}.`;
  return {
    code: 'ROLLBACK_CONFLICT',
    entity: conflict.entity,
    sisId: conflict.sisId ?? undefined,
    column: conflict.field,
    value: conflict.recordId,
    message,
  };
}
