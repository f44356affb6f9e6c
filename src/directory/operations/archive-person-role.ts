import type { Kysely } from 'kysely';
import { entityOfRole } from '../../roster/snapshot.ts';
import type { Database } from '../../store/database-schema.ts';
import type { PersonForChange, RoleForChange } from './load-person-for-change.ts';
import type { DirectoryAuditEntry } from './write-directory-audit.ts';

/**
 * Archives one role, and the person when no other role is left open (as a run archives: soft,
 * the identity stays). Returns the audit entry; the caller writes it with its others.
 */
export async function archivePersonRole(
  db: Kysely<Database>,
  person: PersonForChange,
  role: RoleForChange,
  now: Date,
  after: Record<string, unknown> = {},
): Promise<DirectoryAuditEntry> {
  await db
    .updateTable('person_roles')
    .set({ archived_at: now, updated_at: now })
    .where('id', '=', role.id)
    .execute();
  const isLastRole = person.roles.every((other) => other.id === role.id || other.isArchived);
  if (isLastRole) {
    await db
      .updateTable('people')
      .set({ archived_at: now, updated_at: now })
      .where('id', '=', person.id)
      .execute();
  }
  return {
    entity: entityOfRole[role.role],
    action: 'archive',
    recordId: person.id,
    relatedId: role.id,
    sisId: role.sisId,
    before: { archived: false },
    after: { archived: true, ...after },
  };
}
