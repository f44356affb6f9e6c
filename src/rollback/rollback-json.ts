import type { RollbackConflict } from './rollback-conflict.ts';
import type { RollbackSummary } from './rollback-run.ts';

/** The rollback's JSON contract (README "rollback"). */
export function rollbackJson(summary: RollbackSummary): Record<string, unknown> {
  return {
    runId: summary.id,
    rolledBackRunId: summary.rolledBackRunId,
    status: summary.status,
    dryRun: summary.isDryRun,
    partial: summary.isPartial,
    reverted: summary.reverted,
    conflicts: summary.conflicts.map(conflictJson),
    error: summary.error,
  };
}

/** One conflict in the rollback's JSON contract (also the `ROLLBACK_CONFLICTS` refusal's). */
export function conflictJson(conflict: RollbackConflict): Record<string, unknown> {
  return {
    entity: conflict.entity,
    recordId: conflict.recordId,
    relatedId: conflict.relatedId,
    sisId: conflict.sisId,
    field: conflict.field,
    scope: conflict.isWholeChange ? 'change' : 'field',
    changedBy: conflict.changedBy,
    at: conflict.at,
  };
}
