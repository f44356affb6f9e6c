import type { BulkTransaction } from '../store/bulk-transaction.ts';
import { newId } from '../store/new-id.ts';
import type { PlannedChange } from './plan.ts';

/** The fields people sign in with (SPEC §6: credentials). */
const credentialFields = ['email', 'mobile'] as const;

/** A person's credential a change writes: the old value (what the change replaces) and the new. */
export interface CredentialChange {
  personId: string;
  field: (typeof credentialFields)[number];
  oldValue: string | null;
  newValue: string | null;
}

/**
 * The credentials a change writes onto an existing person, from the person values it applies
 * (`personValues`: only what changed) and its `before`.
 */
export function credentialChangesOf(
  change: PlannedChange,
  personValues: Record<string, unknown>,
): CredentialChange[] {
  const changes: CredentialChange[] = [];
  for (const field of credentialFields) {
    if (!(field in personValues)) continue;
    const newValue = (personValues[field] as string | null | undefined) ?? null;
    const oldValue = (change.before?.[field] as string | null | undefined) ?? null;
    if (newValue !== oldValue) changes.push({ personId: change.recordId, field, oldValue, newValue });
  }
  return changes;
}

/**
 * Writes the notification outbox rows of a chunk (SPEC §6: a change to an active user's
 * credential is announced to them), in the chunk's transaction: one per changed credential of
 * an **active** user (an invitee has no account to protect yet; their invitation goes to the
 * address on record). A run only changes an active user's contact details when *Update contact
 * details of active users* is on, so that is when these rows come from runs.
 */
export async function announceCredentialChanges(
  tx: BulkTransaction,
  changes: readonly CredentialChange[],
  context: { districtId: string; runId: string },
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((change) => ({
    id: newId(),
    person_id: change.personId,
    field: change.field,
    old_value: change.oldValue,
    new_value: change.newValue,
  }));
  await tx.query(
    `insert into notification_outbox
       (district_id, id, person_id, kind, field, old_value, new_value, actor_type, actor_id)
     select $2::uuid, r.id, r.person_id, 'credential_changed', r.field, r.old_value, r.new_value, 'run', $3::uuid
     from jsonb_to_recordset($1::jsonb) as r(id uuid, person_id uuid, field text, old_value text, new_value text)
     join people p on p.id = r.person_id and p.district_id = $2::uuid
     where p.account_state = 'active'
     order by r.id`,
    [JSON.stringify(rows), context.districtId, context.runId],
  );
}
