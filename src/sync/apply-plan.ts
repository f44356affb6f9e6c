import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import type { GroupHash, Plan, PlannedChange } from './plan.ts';

export interface ApplyContext {
  db: Kysely<Database>;
  districtId: string;
  configId: string;
  runId: string;
  /** Changes per transaction: big enough to be fast, small enough to keep locks short. */
  chunkSize?: number;
  onProgress?: (applied: number, total: number) => void;
  /** Test hook: fail as if the process died after this many chunks were committed. */
  failAfterChunks?: number;
}

export const defaultApplyChunkSize = 5000;

/** What to apply: the guarded changes and the bookkeeping that goes with them. */
export interface ApplyInput {
  changes: PlannedChange[];
  hashRefreshes: Plan['hashRefreshes'];
  /** Group hashes to store; groups with held changes are left out by the caller. */
  groupHashes: GroupHash[];
}

/**
 * Applies a plan's changes in chunked transactions, each writing its audit rows (before and
 * after values, the run as actor) with the changes themselves. A crash leaves every record in
 * its old or its new state; since a re-run plans against the directory as it then is, it
 * finishes the job. Group hashes are cleared before and stored after their changes, so a
 * half-applied group is always compared in full next time.
 */
export async function applyPlan(input: ApplyInput, context: ApplyContext): Promise<void> {
  const { db } = context;
  const ordered = [...input.changes].sort((a, b) => phaseOf(a) - phaseOf(b));
  const chunkSize = context.chunkSize ?? defaultApplyChunkSize;
  const changedGroups = input.groupHashes.filter((group) => group.hasChanges);
  await db.transaction().execute(async (tx) => {
    await clearGroupHashes(tx, changedGroups, context);
  });
  let chunks = 0;
  for (let start = 0; start < ordered.length; start += chunkSize) {
    const chunk = ordered.slice(start, start + chunkSize);
    await db.transaction().execute(async (tx) => {
      // Applied changes of a district are serialised so the change feed's order is commit order.
      await sql`select pg_advisory_xact_lock(hashtextextended(${context.districtId}, 0))`.execute(tx);
      await applyChunk(tx, chunk, context);
      await writeAudit(tx, chunk, context);
    });
    chunks++;
    context.onProgress?.(Math.min(start + chunkSize, ordered.length), ordered.length);
    if (context.failAfterChunks !== undefined && chunks >= context.failAfterChunks) {
      throw new Error(`Simulated crash after ${chunks} applied chunks`);
    }
  }
  await db.transaction().execute(async (tx) => {
    await storeHashes(tx, input, context);
  });
}

/** People and classrooms first, then what refers to them, removals next and archives last. */
function phaseOf(change: PlannedChange): number {
  if (change.action === 'archive') return 3;
  if (change.action === 'remove') return 2;
  if (change.entity === 'memberships' || change.entity === 'guardianLinks') return 1;
  return 0;
}

type Tx = Transaction<Database>;
type Row = Record<string, unknown>;

const personColumns: Record<string, [column: string, type: string]> = {
  givenName: ['given_name', 'text'],
  middleName: ['middle_name', 'text'],
  familyName: ['family_name', 'text'],
  email: ['email', 'text'],
  mobile: ['mobile', 'text'],
  homePhone: ['home_phone', 'text'],
  language: ['language', 'text'],
};
const roleColumns: Record<string, [column: string, type: string]> = {
  kind: ['kind', 'text'],
  grade: ['grade', 'text'],
  studentNumber: ['student_number', 'text'],
  stateId: ['state_id', 'text'],
  schoolIds: ['school_ids', 'uuid[]'],
  isDistrictLevel: ['is_district_level', 'boolean'],
};
const classroomColumns: Record<string, [column: string, type: string]> = {
  schoolId: ['school_id', 'uuid'],
  name: ['name', 'text'],
  grades: ['grades', 'text[]'],
  subjects: ['subjects', 'text[]'],
  periods: ['periods', 'text[]'],
  classType: ['class_type', 'text'],
  classCode: ['class_code', 'text'],
  location: ['location', 'text'],
  courseSisId: ['course_sis_id', 'text'],
  termSisIds: ['term_sis_ids', 'text[]'],
};

async function applyChunk(tx: Tx, chunk: PlannedChange[], context: ApplyContext): Promise<void> {
  const { districtId, configId } = context;
  const newPeople: Row[] = [];
  const newRoles: Row[] = [];
  const personUpdates: Row[] = [];
  const roleUpdates: Row[] = [];
  const revivedPeople: string[] = [];
  const revivedRoles: string[] = [];
  const archivedRoles: string[] = [];
  const archivedRolePeople: string[] = [];
  const newClassrooms: Row[] = [];
  const classroomUpdates: Row[] = [];
  const revivedClassrooms: string[] = [];
  const archivedClassrooms: string[] = [];
  const membershipUpserts: Row[] = [];
  const membershipRemovals: Row[] = [];
  const linkUpserts: Row[] = [];
  const linkRemovals: Row[] = [];

  for (const change of chunk) {
    const after = change.after ?? {};
    const { apply } = change;
    if (apply.kind === 'person') {
      if (change.action === 'archive') {
        archivedRoles.push(apply.roleId);
        archivedRolePeople.push(change.recordId);
        continue;
      }
      const personValues = pick(after, personColumns);
      if (change.action === 'create') {
        if (apply.isNewPerson)
          newPeople.push({ id: change.recordId, ...fillColumns(personValues, personColumns) });
        else revivedPeople.push(change.recordId);
        newRoles.push({
          id: apply.roleId,
          person_id: change.recordId,
          role: apply.role,
          sis_id: change.sisId,
          source_hash: apply.hash,
          ...fillColumns(pick(after, roleColumns), roleColumns),
        });
      } else {
        roleUpdates.push({ id: apply.roleId, source_hash: apply.hash, ...pick(after, roleColumns) });
        if (change.action === 'unarchive') {
          revivedRoles.push(apply.roleId);
          revivedPeople.push(change.recordId);
        }
      }
      if (!(change.action === 'create' && apply.isNewPerson) && Object.keys(personValues).length > 0) {
        personUpdates.push({ id: change.recordId, ...personValues });
      }
    } else if (apply.kind === 'classroom') {
      if (change.action === 'create') {
        newClassrooms.push({
          id: change.recordId,
          sis_id: change.sisId,
          source_hash: apply.hash,
          ...fillColumns(pick(after, classroomColumns), classroomColumns),
        });
      } else if (change.action === 'archive') {
        archivedClassrooms.push(change.recordId);
      } else {
        classroomUpdates.push({
          id: change.recordId,
          source_hash: apply.hash,
          ...pick(after, classroomColumns),
        });
        if (change.action === 'unarchive') revivedClassrooms.push(change.recordId);
      }
    } else if (apply.kind === 'membership') {
      const row = {
        classroom_id: change.recordId,
        person_id: change.relatedId,
        role: after.role,
        is_primary: after.isPrimary,
      };
      if (change.action === 'remove') membershipRemovals.push(row);
      else membershipUpserts.push(row);
    } else {
      const row = {
        guardian_id: change.recordId,
        student_id: change.relatedId,
        relationship: after.relationship ?? null,
        contact_type: after.contactType ?? null,
      };
      if (change.action === 'remove') linkRemovals.push(row);
      else linkUpserts.push(row);
    }
  }

  if (newPeople.length > 0) {
    await sql`
      insert into people (district_id, id, given_name, middle_name, family_name, email, mobile, home_phone, language)
      select ${districtId}, r.id, r.given_name, r.middle_name, r.family_name, r.email, r.mobile, r.home_phone, r.language
      from jsonb_to_recordset(${JSON.stringify(newPeople)}::jsonb) as r(${recordColumns({ id: 'uuid' }, personColumns)})
    `.execute(tx);
  }
  await updateRows(tx, 'people', personUpdates, personColumns);
  if (revivedPeople.length > 0) {
    await sql`update people set archived_at = null, updated_at = now() where id = any(${revivedPeople}::uuid[])`.execute(
      tx,
    );
  }
  if (newRoles.length > 0) {
    await sql`
      insert into person_roles (district_id, id, person_id, role, config_id, sis_id, source_hash, kind, grade,
        student_number, state_id, school_ids, is_district_level)
      select ${districtId}, r.id, r.person_id, r.role, ${configId}, r.sis_id, r.source_hash, r.kind, r.grade,
        r.student_number, r.state_id, r.school_ids, r.is_district_level
      from jsonb_to_recordset(${JSON.stringify(newRoles)}::jsonb)
        as r(${recordColumns({ id: 'uuid', person_id: 'uuid', role: 'text', sis_id: 'text', source_hash: 'text' }, roleColumns)})
    `.execute(tx);
  }
  await updateRows(tx, 'person_roles', roleUpdates, roleColumns, { source_hash: 'text' });
  if (revivedRoles.length > 0) {
    await sql`update person_roles set archived_at = null where id = any(${revivedRoles}::uuid[])`.execute(tx);
  }
  if (newClassrooms.length > 0) {
    await sql`
      insert into classrooms (district_id, id, config_id, sis_id, source_hash, school_id, name, grades, subjects,
        periods, class_type, class_code, location, course_sis_id, term_sis_ids)
      select ${districtId}, r.id, ${configId}, r.sis_id, r.source_hash, r.school_id, r.name, r.grades, r.subjects,
        r.periods, r.class_type, r.class_code, r.location, r.course_sis_id, r.term_sis_ids
      from jsonb_to_recordset(${JSON.stringify(newClassrooms)}::jsonb)
        as r(${recordColumns({ id: 'uuid', sis_id: 'text', source_hash: 'text' }, classroomColumns)})
    `.execute(tx);
  }
  await updateRows(tx, 'classrooms', classroomUpdates, classroomColumns, { source_hash: 'text' });
  if (revivedClassrooms.length > 0) {
    await sql`update classrooms set archived_at = null where id = any(${revivedClassrooms}::uuid[])`.execute(
      tx,
    );
  }
  if (membershipUpserts.length > 0) {
    // A membership added by hand in the meantime wins: the sync never takes one over.
    await sql`
      insert into memberships (district_id, classroom_id, person_id, role, is_primary, config_id)
      select ${districtId}, r.classroom_id, r.person_id, r.role, r.is_primary, ${configId}
      from jsonb_to_recordset(${JSON.stringify(membershipUpserts)}::jsonb)
        as r(classroom_id uuid, person_id uuid, role text, is_primary boolean)
      on conflict (classroom_id, person_id) do update set role = excluded.role, is_primary = excluded.is_primary
        where memberships.config_id = ${configId}
    `.execute(tx);
  }
  if (membershipRemovals.length > 0) {
    await sql`
      delete from memberships m using jsonb_to_recordset(${JSON.stringify(membershipRemovals)}::jsonb)
        as r(classroom_id uuid, person_id uuid)
      where m.classroom_id = r.classroom_id and m.person_id = r.person_id and m.config_id = ${configId}
    `.execute(tx);
  }
  if (linkUpserts.length > 0) {
    await sql`
      insert into guardian_links (district_id, guardian_id, student_id, relationship, contact_type, config_id)
      select ${districtId}, r.guardian_id, r.student_id, r.relationship, r.contact_type, ${configId}
      from jsonb_to_recordset(${JSON.stringify(linkUpserts)}::jsonb)
        as r(guardian_id uuid, student_id uuid, relationship text, contact_type text)
      on conflict (guardian_id, student_id) do update
        set relationship = excluded.relationship, contact_type = excluded.contact_type
        where guardian_links.config_id = ${configId}
    `.execute(tx);
  }
  if (linkRemovals.length > 0) {
    await sql`
      delete from guardian_links g using jsonb_to_recordset(${JSON.stringify(linkRemovals)}::jsonb)
        as r(guardian_id uuid, student_id uuid)
      where g.guardian_id = r.guardian_id and g.student_id = r.student_id and g.config_id = ${configId}
    `.execute(tx);
  }
  if (archivedRoles.length > 0) {
    await sql`update person_roles set archived_at = now(), updated_at = now() where id = any(${archivedRoles}::uuid[])`.execute(
      tx,
    );
    // A person is archived when no role is left active.
    await sql`
      update people p set archived_at = now(), updated_at = now()
      where p.id = any(${archivedRolePeople}::uuid[]) and p.archived_at is null
        and not exists (select 1 from person_roles r where r.person_id = p.id and r.archived_at is null)
    `.execute(tx);
  }
  if (archivedClassrooms.length > 0) {
    await sql`update classrooms set archived_at = now(), updated_at = now() where id = any(${archivedClassrooms}::uuid[])`.execute(
      tx,
    );
  }
}

async function writeAudit(tx: Tx, chunk: PlannedChange[], context: ApplyContext): Promise<void> {
  const rows = chunk.map((change) => ({
    entity: change.entity,
    action: change.action,
    record_id: change.recordId,
    related_id: change.relatedId,
    sis_id: change.sisId,
    before: change.before,
    after: change.after,
  }));
  await sql`
    insert into audit_log (district_id, actor_type, actor_id, run_id, entity, action, record_id, related_id, sis_id, before, after)
    select ${context.districtId}, 'run', ${context.runId}, ${context.runId}, r.entity, r.action, r.record_id,
      r.related_id, r.sis_id, r.before, r.after
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(entity text, action text, record_id uuid, related_id uuid, sis_id text, before jsonb, after jsonb)
  `.execute(tx);
}

async function clearGroupHashes(tx: Tx, groups: GroupHash[], context: ApplyContext): Promise<void> {
  const classroomIds = groups.filter((group) => group.kind === 'members').map((group) => group.id);
  const studentIds = groups.filter((group) => group.kind === 'links').map((group) => group.id);
  if (classroomIds.length > 0) {
    await sql`update classrooms set members_hash = null where id = any(${classroomIds}::uuid[])`.execute(tx);
  }
  if (studentIds.length > 0) {
    await sql`
      update person_roles set links_hash = null
      where person_id = any(${studentIds}::uuid[]) and role = 'student' and config_id = ${context.configId}
    `.execute(tx);
  }
}

async function storeHashes(tx: Tx, input: ApplyInput, context: ApplyContext): Promise<void> {
  const members = input.groupHashes.filter((group) => group.kind === 'members');
  const links = input.groupHashes.filter((group) => group.kind === 'links');
  const roles = input.hashRefreshes.filter((refresh) => refresh.kind === 'role');
  const classrooms = input.hashRefreshes.filter((refresh) => refresh.kind === 'classroom');
  if (members.length > 0) {
    await sql`
      update classrooms c set members_hash = r.hash
      from jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as r(id uuid, hash text) where c.id = r.id
    `.execute(tx);
  }
  if (links.length > 0) {
    await sql`
      update person_roles p set links_hash = r.hash
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as r(id uuid, hash text)
      where p.person_id = r.id and p.role = 'student' and p.config_id = ${context.configId}
    `.execute(tx);
  }
  if (roles.length > 0) {
    await sql`
      update person_roles p set source_hash = r.hash
      from jsonb_to_recordset(${JSON.stringify(roles)}::jsonb) as r(id uuid, hash text) where p.id = r.id
    `.execute(tx);
  }
  if (classrooms.length > 0) {
    await sql`
      update classrooms c set source_hash = r.hash
      from jsonb_to_recordset(${JSON.stringify(classrooms)}::jsonb) as r(id uuid, hash text) where c.id = r.id
    `.execute(tx);
  }
}

/**
 * Updates rows of `table` by id. Each row sets only the columns it carries, so rows are grouped
 * by their column set: one statement per distinct set (a handful per run).
 */
async function updateRows(
  tx: Tx,
  table: 'people' | 'person_roles' | 'classrooms',
  rows: Row[],
  columns: Record<string, [column: string, type: string]>,
  extra: Record<string, string> = {},
): Promise<void> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const values: Row = {};
    for (const [key, value] of Object.entries(row)) {
      const mapped = columns[key];
      values[mapped ? mapped[0] : key] = value;
    }
    const signature = Object.keys(values).sort().join(',');
    let group = groups.get(signature);
    if (!group) groups.set(signature, (group = []));
    group.push(values);
  }
  const typeOf = new Map<string, string>([
    ...Object.values(columns),
    ...Object.entries(extra),
    ['id', 'uuid'],
  ] as [string, string][]);
  for (const [signature, group] of groups) {
    const names = signature.split(',');
    const assigned = names.filter((name) => name !== 'id');
    if (assigned.length === 0) continue;
    const setList = [...assigned.map((name) => `${name} = r.${name}`), 'updated_at = now()'].join(', ');
    const recordList = names.map((name) => `${name} ${typeOf.get(name)}`).join(', ');
    await sql`
      update ${sql.table(table)} t set ${sql.raw(setList)}
      from jsonb_to_recordset(${JSON.stringify(group)}::jsonb) as r(${sql.raw(recordList)})
      where t.id = r.id
    `.execute(tx);
  }
}

/** The values of `row` that belong to the given column map. */
function pick(row: Row, columns: Record<string, unknown>): Row {
  const picked: Row = {};
  for (const key of Object.keys(columns)) if (key in row) picked[key] = row[key];
  return picked;
}

/** Row values under their SQL column names, every column present (null when not given). */
function fillColumns(values: Row, columns: Record<string, [column: string, type: string]>): Row {
  const filled: Row = {};
  for (const [key, [column]] of Object.entries(columns)) filled[column] = values[key] ?? null;
  return filled;
}

/** The `r(col type, …)` list of a jsonb_to_recordset call. */
function recordColumns(
  fixed: Record<string, string>,
  columns: Record<string, [column: string, type: string]>,
) {
  return sql.raw(
    [...Object.entries(fixed), ...Object.values(columns)].map(([name, type]) => `${name} ${type}`).join(', '),
  );
}
