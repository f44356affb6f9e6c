import type { AuditActorType } from '../store/database-schema.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';

/** An announcement the host app owes a user (SPEC §6), as the API lists it. */
export interface Notification {
  id: string;
  personId: string;
  kind: 'credential_changed';
  /** The credential that changed, its value before (where to warn the user too) and after. */
  field: 'email' | 'mobile';
  oldValue: string | null;
  newValue: string | null;
  /** Who changed it: a run, a person by hand, an operator's token, or rostersync itself. */
  actor: { type: AuditActorType; id: string | null };
  at: string;
}

/**
 * A page of a district's notification outbox, oldest first, after a notification id (keyset on
 * UUIDv7 ids: creation order, so a page never shifts as rows are added). The host app keeps
 * the last id it handled and asks for what follows, as with the change feed.
 */
export async function readNotifications(
  db: Kysely<Database>,
  page: { districtId: string; afterId?: string | undefined; limit: number },
): Promise<Notification[]> {
  let select = db
    .selectFrom('notification_outbox')
    .selectAll()
    .where('district_id', '=', page.districtId)
    .orderBy('id')
    .limit(page.limit);
  if (page.afterId !== undefined) select = select.where('id', '>', page.afterId);
  const rows = await select.execute();
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    kind: row.kind,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    actor: { type: row.actor_type, id: row.actor_id },
    at: new Date(row.created_at).toISOString(),
  }));
}
