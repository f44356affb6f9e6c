import type { AuditActorType } from '../store/database-schema.ts';
import type { EntityType } from '../roster/snapshot.ts';
import type { ChangeAction } from '../sync/plan.ts';

/** Who made an audited change (`AuditActorType`). */
export interface ChangeActor {
  type: AuditActorType;
  /** The run that made it (for a person acting on a run, that run). */
  runId: string | null;
  /** The person, when `type` is `user`. */
  personId: string | null;
}

/**
 * One applied change as the audit log keeps it, read back by the rollback. `recordId` and
 * `relatedId` mean what they mean on a planned change (see `PlannedChange`): the person and
 * the role, the classroom, the classroom and the member, the guardian and the student.
 */
export interface AuditChange {
  /** The audit row's id (a bigint, as text). */
  id: string;
  entity: EntityType;
  action: ChangeAction;
  recordId: string;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** When the transaction that wrote it began (ISO 8601). */
  at: string;
  actor: ChangeActor;
}
