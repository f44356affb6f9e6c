import type { FieldProvenance } from '../directory/read-provenance.ts';
import type { PlanChangeTable } from '../store/database-schema.ts';

/** How a change of a run stands: applied (in the audit log) or one of the states of `plan_changes`. */
export const runChangeStates = [
  'applied',
  'planned',
  'held',
  'approved',
  'skipped',
  'not_approved',
  'discarded',
] as const;

/**
 * One change of a run: applied (from the audit log), planned (a dry run), held, or what became
 * of a held one: approved (applied by the approval run), skipped (no longer applied, see
 * `skipReason`), not_approved (beyond the approved count) or discarded.
 */
export interface RunChange {
  state: (typeof runChangeStates)[number];
  entity: string;
  action: string;
  recordId: string | null;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Why an approval skipped it (`SkipReason`); only on `skipped` changes. */
  skipReason?: string;
  /**
   * Of an applied change to a person: who had set each value it replaced, and when (SPEC §6,
   * per-field provenance). Fields nobody wrote through rostersync (loaded before it) are absent.
   */
  beforeSetBy?: Record<string, FieldProvenance>;
}

/** The columns of an `audit_log` row a change is made from (`AppliedChangeRow`). */
export const appliedChangeColumns = [
  'entity',
  'action',
  'record_id',
  'related_id',
  'sis_id',
  'before',
  'after',
] as const;

/** The columns of a `plan_changes` row a change is made from (`UnappliedChangeRow`). */
export const unappliedChangeColumns = [...appliedChangeColumns, 'state', 'skip_reason'] as const;

export interface AppliedChangeRow {
  entity: string;
  action: string;
  record_id: string | null;
  related_id: string | null;
  sis_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface UnappliedChangeRow extends AppliedChangeRow {
  state: PlanChangeTable['state'];
  skip_reason: string | null;
}

/** An audit row of a run as a change, without its provenance (`withBeforeSetBy` adds it). */
export function toAppliedChange(row: AppliedChangeRow): RunChange {
  return changeOf('applied', row);
}

/** A `plan_changes` row as a change. */
export function toUnappliedChange(row: UnappliedChangeRow): RunChange {
  const change = changeOf(row.state, row);
  return row.skip_reason ? { ...change, skipReason: row.skip_reason } : change;
}

function changeOf(state: RunChange['state'], row: AppliedChangeRow): RunChange {
  return {
    state,
    entity: row.entity,
    action: row.action,
    recordId: row.record_id,
    relatedId: row.related_id,
    sisId: row.sis_id,
    before: row.before,
    after: row.after,
  };
}
