import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { auditActorTypes, type AuditActorType, type Database } from '../store/database-schema.ts';

/** Who last set a field of a person or classroom, and when: the audit row that last wrote it. */
export const fieldProvenance = z.object({
  /** `tokenId` is set for a change made by an operator's API token. */
  by: z.object({
    type: z.enum(auditActorTypes),
    runId: z.string().nullable(),
    personId: z.string().nullable(),
    tokenId: z.string().optional(),
  }),
  at: z.string(),
  /** The audit action that wrote it (create, update, unarchive…). */
  action: z.string(),
});
export type FieldProvenance = z.infer<typeof fieldProvenance>;

/** The person fields a provenance is kept for: the ones a sync or a person can set. */
export const provenanceFields = [
  'givenName',
  'middleName',
  'familyName',
  'email',
  'mobile',
  'homePhone',
  'language',
  'grade',
  'studentNumber',
  'stateId',
] as const;

/** The classroom fields a provenance is kept for: the ones a sync or a person can set. */
export const classroomProvenanceFields = [
  'name',
  'grades',
  'subjects',
  'periods',
  'classType',
  'location',
  'schoolId',
  'sisId',
] as const;

/** Whose fields: people's (their roles' rows) or classrooms'. */
const provenanceKinds = {
  person: { entities: ['students', 'staff', 'guardians'], fields: provenanceFields },
  classroom: { entities: ['classrooms'], fields: classroomProvenanceFields },
} as const;

interface ProvenanceRow {
  record_id: string;
  field: string;
  actor_type: AuditActorType;
  actor_id: string | null;
  run_id: string | null;
  at: Date | string;
  action: string;
}

/**
 * Per-field provenance of every person (or classroom) of a district (SPEC §6): for each field, the audit row
 * that last wrote it — the run (or, later, the person) that set the value on record. The
 * audit log already holds every write with its actor, so provenance is read from it rather
 * than stored twice: one pass over the district's people rows, newest first per field.
 */
export async function readProvenance(
  db: Kysely<Database>,
  districtId: string,
  /**
   * Only these people (or classrooms); with `beforeRun`, as the directory was before that run:
   * writes by other actors up to the run's start (what `run show` says of the values the run
   * replaced).
   */
  scope?: { recordIds: readonly string[]; beforeRun?: { id: string; startedAt: string } },
  kind: keyof typeof provenanceKinds = 'person',
): Promise<Map<string, Record<string, FieldProvenance>>> {
  const { entities, fields: names } = provenanceKinds[kind];
  const fields = sql.join(names.map((field) => sql.lit(field)));
  const entityList = sql.join(entities.map((entity) => sql.lit(entity)));
  const records = scope ? sql`and a.record_id = any(${[...scope.recordIds]}::uuid[])` : sql``;
  const beforeRun = scope?.beforeRun
    ? sql`and a.run_id is distinct from ${scope.beforeRun.id}::uuid and a.at <= ${scope.beforeRun.startedAt}::timestamptz`
    : sql``;
  const { rows } = await sql<ProvenanceRow>`
    select distinct on (a.record_id, k.field)
      a.record_id, k.field, a.actor_type, a.actor_id, a.run_id, a.at, a.action
    from audit_log a
    cross join lateral json_object_keys(a.after) as k(field)
    where a.district_id = ${districtId}
      and a.entity in (${entityList})
      and a.after is not null
      and json_typeof(a.after) = 'object'
      and k.field in (${fields})
      ${records}
      ${beforeRun}
    order by a.record_id, k.field, a.xid desc, a.id desc`.execute(db);
  const byPerson = new Map<string, Record<string, FieldProvenance>>();
  for (const row of rows) {
    const entry = byPerson.get(row.record_id) ?? {};
    entry[row.field] = {
      by: {
        type: row.actor_type,
        runId: row.run_id,
        personId: row.actor_type === 'user' ? row.actor_id : null,
        ...(row.actor_type === 'operator' && row.actor_id ? { tokenId: row.actor_id } : {}),
      },
      at: new Date(row.at).toISOString(),
      action: row.action,
    };
    byPerson.set(row.record_id, entry);
  }
  return byPerson;
}
