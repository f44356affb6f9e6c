import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';

/** The state the config's source saved after its last applied run; `{}` when none. */
export async function loadSourceState(
  db: Kysely<Database>,
  configId: string,
): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('sync_configs')
    .select('source_state')
    .where('id', '=', configId)
    .executeTakeFirst();
  const state = row?.source_state;
  return state !== null && typeof state === 'object' && !Array.isArray(state) ? state : {};
}
