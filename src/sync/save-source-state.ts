import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';

/**
 * Stores the state a source handed over (`SourceReadContext.saveState`) for the config's next
 * run. Called only after a run that applied its changes; the state replaces the old one whole.
 */
export async function saveSourceState(
  db: Kysely<Database>,
  configId: string,
  state: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('sync_configs')
    .set({ source_state: JSON.stringify(state) })
    .where('id', '=', configId)
    .execute();
}
