import type { Kysely } from 'kysely';
import type { EntityType } from '../../roster/snapshot.ts';
import type { Database } from '../../store/database-schema.ts';
import type { Principal } from '../principal.ts';

/**
 * One change made by hand, as an audit row shaped like a run's (`apply-chunk.ts`): the same
 * entity and action words and the same `recordId`/`relatedId` roles, so the change feed,
 * `export --provenance` and a rollback's conflict check see it like any other change.
 * `recordId` is the person (students, staff, guardians), the classroom (classrooms,
 * memberships) or the guardian (links); `relatedId` the role, the member, the student.
 */
export interface DirectoryAuditEntry {
  entity: EntityType | 'joinCodes' | 'schools';
  action: 'create' | 'update' | 'archive' | 'unarchive' | 'add' | 'remove';
  recordId: string;
  relatedId?: string | null;
  sisId?: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The audit actor of a principal: a person, an API token, or rostersync itself. */
export function auditActorOf(principal: Principal): {
  actor_type: 'user' | 'operator' | 'system';
  actor_id: string | null;
} {
  if (principal.kind === 'person') return { actor_type: 'user', actor_id: principal.personId };
  if (principal.kind === 'operator') return { actor_type: 'operator', actor_id: principal.tokenId };
  return { actor_type: 'system', actor_id: null };
}

/** Writes the audit rows of one operation, in its transaction. */
export async function writeDirectoryAudit(
  db: Kysely<Database>,
  principal: Principal,
  entries: readonly DirectoryAuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const actor = auditActorOf(principal);
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        district_id: principal.districtId,
        ...actor,
        run_id: null,
        entity: entry.entity,
        action: entry.action,
        record_id: entry.recordId,
        related_id: entry.relatedId ?? null,
        sis_id: entry.sisId ?? null,
        before: entry.before === null ? null : JSON.stringify(entry.before),
        after: entry.after === null ? null : JSON.stringify(entry.after),
      })),
    )
    .execute();
}
