import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import type { Principal } from '../principal.ts';
import { auditActorOf } from './write-directory-audit.ts';

/**
 * Queues the announcement of an active user's email or mobile changed by hand by someone else
 * (a users manager, a host app), in the edit's transaction: the notification outbox the host
 * app reads (SPEC §6; runs write theirs in `announce-credential-changes.ts`). A person editing
 * their own details is not told what they just did.
 */
export async function announceCredentialEdit(
  db: Kysely<Database>,
  principal: Principal,
  person: { id: string; accountState: 'invitee' | 'active' },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  if (person.accountState !== 'active') return;
  if (principal.kind === 'person' && principal.personId === person.id) return;
  const actor = auditActorOf(principal);
  const rows = (['email', 'mobile'] as const)
    .filter((field) => field in after)
    .map((field) => ({
      district_id: principal.districtId,
      id: newId(),
      person_id: person.id,
      kind: 'credential_changed' as const,
      field,
      old_value: (before[field] as string | null | undefined) ?? null,
      new_value: (after[field] as string | null | undefined) ?? null,
      ...actor,
    }));
  if (rows.length > 0) await db.insertInto('notification_outbox').values(rows).execute();
}
