import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import type { SettingsActor } from '../../sync/record-config-change.ts';
import { setSyncSettings } from '../../sync/set-sync-settings.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { parseOperationInput } from './parse-operation-input.ts';

export const setSyncEnabledInput = z.strictObject({ configId: z.uuid(), isEnabled: z.boolean() });
export type SetSyncEnabledInput = z.input<typeof setSyncEnabledInput>;

/**
 * Enables or disables a sync (SPEC §7). Disabled, its runs stop and its restrictions lift:
 * every operation here judges "synced" by `config_id` **and** the config being enabled, so its
 * classrooms, memberships, students and links become manually manageable while keeping their
 * config and SIS ids; enabled again, its next run picks them up by those ids. The change goes
 * through the config's settings (checks, history), as `config set enabled=…` does.
 */
export async function setSyncEnabled(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: SetSyncEnabledInput,
): Promise<{ configId: string; isChanged: boolean }> {
  const input = parseOperationInput(setSyncEnabledInput, rawInput);
  await authorize(db, principal, 'sync.setEnabled', { kind: 'config', configId: input.configId });
  const actor: SettingsActor =
    principal.kind === 'person'
      ? { type: 'user', personId: principal.personId }
      : principal.kind === 'operator'
        ? { type: 'api' }
        : { type: 'system' };
  const result = await setSyncSettings(db, {
    configId: input.configId,
    assignments: { enabled: input.isEnabled ? 'on' : 'off' },
    actor,
  });
  return { configId: result.configId, isChanged: result.changes.length > 0 };
}
