import type { Kysely, Selectable } from 'kysely';
import type { Finding } from '../findings/finding.ts';
import type { Database, FindingTable } from '../store/database-schema.ts';

/** Every stored finding of a run, in the order the run noted them (`run show`, the findings CSV). */
export async function readRunFindings(
  db: Kysely<Database>,
  run: { id: string; districtId: string },
): Promise<Finding[]> {
  const rows = await db
    .selectFrom('findings')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('district_id', '=', run.districtId)
    .orderBy('seq')
    .execute();
  return rows.map(toRunFinding);
}

/** A `findings` row as the finding `run show --json` lists. */
export function toRunFinding(row: Selectable<FindingTable>): Finding {
  return {
    severity: row.severity,
    code: row.code as Finding['code'],
    message: row.message,
    entity: (row.entity ?? undefined) as Finding['entity'],
    sisId: row.sis_id ?? undefined,
    file: row.file ?? undefined,
    line: row.line ?? undefined,
    column: row.column ?? undefined,
    value: row.value ?? undefined,
  };
}
