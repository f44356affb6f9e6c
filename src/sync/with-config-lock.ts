import { sql } from 'kysely';
import type { Store } from '../store/store.ts';

const heldInThisProcess = new Set<string>();

export class ConfigBusyError extends Error {
  readonly code = 'RUN_IN_PROGRESS';
  constructor(configId: string) {
    super(`A run of sync config ${configId} is in progress; one run per config at a time.`);
  }
}

/**
 * Runs `fn` as the only run of a config. Within a process a set guards it. Across processes,
 * on PostgreSQL, a session advisory lock on a connection held for the whole run does: it goes
 * away with the session, so a crashed process never leaves a config locked. PGlite serves one
 * process only (its data folder is locked), so the in-process guard is all it needs.
 */
export async function withConfigLock<T>(store: Store, configId: string, fn: () => Promise<T>): Promise<T> {
  if (heldInThisProcess.has(configId)) throw new ConfigBusyError(configId);
  heldInThisProcess.add(configId);
  try {
    if (store.engine === 'pglite') return await fn();
    return await store.db.connection().execute(async (connection) => {
      const key = sql`hashtextextended(${`run:${configId}`}, 0)`;
      const locked = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(
        connection,
      );
      if (!locked.rows[0]?.ok) throw new ConfigBusyError(configId);
      try {
        return await fn();
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(connection);
      }
    });
  } finally {
    heldInThisProcess.delete(configId);
  }
}
