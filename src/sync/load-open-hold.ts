import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { HoldError } from './hold-error.ts';

/** A held run whose hold nobody has approved or discarded yet. */
export interface OpenHold {
  runId: string;
  districtId: string;
  configId: string;
  status: 'held_threshold' | 'held_incomplete';
  startedAt: Date;
}

/**
 * Loads a run whose hold is open, or says why it has none: unknown run (`RUN_NOT_FOUND`), a
 * run that did not end held or a dry run, which holds nothing back (`RUN_NOT_HELD`), or a hold
 * approved or discarded already (`HOLD_ALREADY_RESOLVED`).
 */
export async function loadOpenHold(db: Kysely<Database>, runId: string): Promise<OpenHold> {
  const row = await db
    .selectFrom('runs')
    .select(['id', 'district_id', 'config_id', 'status', 'is_dry_run', 'started_at', 'hold_resolution'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) throw new HoldError('RUN_NOT_FOUND', `No run ${runId}.`);
  if (row.status !== 'held_threshold' && row.status !== 'held_incomplete') {
    throw new HoldError(
      'RUN_NOT_HELD',
      `Run ${runId} is ${row.status}, not held: it has nothing to approve or discard.`,
    );
  }
  if (row.is_dry_run) {
    throw new HoldError(
      'RUN_NOT_HELD',
      `Run ${runId} is a dry run: it changed nothing and holds nothing back. Run the sync for real.`,
    );
  }
  if (row.hold_resolution) {
    const how = row.hold_resolution.resolution === 'discarded' ? 'discarded' : 'approved';
    throw new HoldError('HOLD_ALREADY_RESOLVED', `The hold of run ${runId} was ${how} already.`);
  }
  return {
    runId: row.id,
    districtId: row.district_id,
    configId: row.config_id,
    status: row.status,
    startedAt: new Date(row.started_at),
  };
}
