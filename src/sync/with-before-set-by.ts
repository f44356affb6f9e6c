import type { Kysely } from 'kysely';
import { readProvenance, type FieldProvenance } from '../directory/read-provenance.ts';
import type { Database } from '../store/database-schema.ts';
import { toAppliedChange, type AppliedChangeRow, type RunChange } from './run-change.ts';

const personEntities = new Set(['students', 'staff', 'guardians']);

/**
 * A run's applied changes (audit rows), each change to a person with who had set the values it
 * replaced (`beforeSetBy`). Provenance is read for the people of these rows only, so a page of
 * a run's changes costs a page's worth of provenance, and the whole run (`run show`) the same
 * answer per change.
 */
export async function withBeforeSetBy(
  db: Kysely<Database>,
  run: { id: string; districtId: string; startedAt: string },
  rows: readonly AppliedChangeRow[],
): Promise<RunChange[]> {
  const personIds = rows
    .filter((row) => personEntities.has(row.entity) && row.before && row.record_id)
    .map((row) => row.record_id as string);
  const setBy =
    personIds.length === 0
      ? new Map<string, Record<string, FieldProvenance>>()
      : await readProvenance(db, run.districtId, {
          recordIds: [...new Set(personIds)],
          beforeRun: { id: run.id, startedAt: run.startedAt },
        });
  return rows.map((row) => {
    const change = toAppliedChange(row);
    const known = row.record_id && personEntities.has(row.entity) ? setBy.get(row.record_id) : undefined;
    if (!known || !row.before) return change;
    const fields = Object.keys(row.before).filter((field) => field in known);
    return fields.length === 0
      ? change
      : { ...change, beforeSetBy: Object.fromEntries(fields.map((field) => [field, known[field]!])) };
  });
}
