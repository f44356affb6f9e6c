import type { BulkTransaction } from '../store/bulk-transaction.ts';
import type { CopyType } from '../store/copy-text.ts';
import {
  announceCredentialChanges,
  credentialChangesOf,
  type CredentialChange,
} from './announce-credential-changes.ts';
import type { GroupHash, Plan, PlannedChange } from './plan.ts';

/** Who applies a chunk, and where. */
export interface ChunkContext {
  districtId: string;
  configId: string;
  runId: string;
}

type Row = Record<string, unknown>;
type ColumnMap = Record<string, [column: string, type: CopyType]>;

const personColumns: ColumnMap = {
  givenName: ['given_name', 'text'],
  middleName: ['middle_name', 'text'],
  familyName: ['family_name', 'text'],
  email: ['email', 'text'],
  mobile: ['mobile', 'text'],
  homePhone: ['home_phone', 'text'],
  language: ['language', 'text'],
};
const roleColumns: ColumnMap = {
  kind: ['kind', 'text'],
  grade: ['grade', 'text'],
  studentNumber: ['student_number', 'text'],
  stateId: ['state_id', 'text'],
  schoolIds: ['school_ids', 'uuid[]'],
  isDistrictLevel: ['is_district_level', 'boolean'],
};
/** A role's SIS id changes only by update: a student re-keyed by its student number (see `matchStudentsByNumber`). */
const roleUpdateColumns: ColumnMap = { ...roleColumns, sisId: ['sis_id', 'text'] };
const classroomColumns: ColumnMap = {
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

/** COPY columns: fixed ones first, then a column map's, in its order. */
function copyColumns(
  fixed: [string, CopyType][],
  columns: ColumnMap = {},
): { name: string; type: CopyType }[] {
  return [...fixed, ...Object.values(columns)].map(([name, type]) => ({ name, type }));
}
const peopleCopy = copyColumns(
  [
    ['district_id', 'uuid'],
    ['id', 'uuid'],
  ],
  personColumns,
);
const rolesCopy = copyColumns(
  [
    ['district_id', 'uuid'],
    ['id', 'uuid'],
    ['person_id', 'uuid'],
    ['role', 'text'],
    ['config_id', 'uuid'],
    ['sis_id', 'text'],
    ['source_hash', 'text'],
  ],
  roleColumns,
);
const classroomsCopy = copyColumns(
  [
    ['district_id', 'uuid'],
    ['id', 'uuid'],
    ['config_id', 'uuid'],
    ['sis_id', 'text'],
    ['source_hash', 'text'],
  ],
  classroomColumns,
);
const membershipsCopy = copyColumns([
  ['district_id', 'uuid'],
  ['classroom_id', 'uuid'],
  ['person_id', 'uuid'],
  ['role', 'text'],
  ['is_primary', 'boolean'],
  ['config_id', 'uuid'],
]);
const linksCopy = copyColumns([
  ['district_id', 'uuid'],
  ['guardian_id', 'uuid'],
  ['student_id', 'uuid'],
  ['relationship', 'text'],
  ['contact_type', 'text'],
  ['config_id', 'uuid'],
]);
const auditCopy = copyColumns([
  ['district_id', 'uuid'],
  ['actor_type', 'text'],
  ['actor_id', 'text'],
  ['run_id', 'uuid'],
  ['entity', 'text'],
  ['action', 'text'],
  ['record_id', 'uuid'],
  ['related_id', 'uuid'],
  ['sis_id', 'text'],
  ['before', 'json'],
  ['after', 'json'],
]);

/** The values of a column map from a change's after-values, in the map's order. */
function valuesOf(after: Row, columns: ColumnMap): unknown[] {
  return Object.keys(columns).map((key) => after[key] ?? null);
}

/**
 * Writes one chunk of changes in the caller's transaction: new rows with COPY (records the plan
 * creates have fresh ids, and memberships and links of a classroom or student the plan creates
 * cannot collide with anything), everything else as set-based SQL, and one audit row per change
 * (before and after values, the run as actor). The stored hash of every membership or link
 * group the chunk touches is cleared in the same transaction, so a group left half-applied by
 * a crash is compared in full by the next run.
 */
export async function applyChunk(
  tx: BulkTransaction,
  chunk: PlannedChange[],
  context: ChunkContext,
): Promise<void> {
  const { districtId, configId } = context;
  const newPeople: unknown[][] = [];
  const newRoles: unknown[][] = [];
  const newClassrooms: unknown[][] = [];
  const newMemberships: unknown[][] = [];
  const newLinks: unknown[][] = [];
  const personUpdates: Row[] = [];
  const roleUpdates: Row[] = [];
  const classroomUpdates: Row[] = [];
  const revivedPeople: string[] = [];
  const revivedRoles: string[] = [];
  const revivedClassrooms: string[] = [];
  const archivedRoles: string[] = [];
  const archivedRolePeople: string[] = [];
  const archivedClassrooms: string[] = [];
  const membershipUpserts: Row[] = [];
  const membershipRemovals: Row[] = [];
  const linkUpserts: Row[] = [];
  const linkRemovals: Row[] = [];
  const credentialChanges: CredentialChange[] = [];
  const updatePerson = (change: PlannedChange, personValues: Row): void => {
    personUpdates.push({ id: change.recordId, ...personValues });
    credentialChanges.push(...credentialChangesOf(change, personValues));
  };

  for (const change of chunk) {
    const after = change.after ?? {};
    const { apply } = change;
    if (apply.kind === 'person') {
      const personValues = pick(after, personColumns);
      if (change.action === 'archive') {
        archivedRoles.push(apply.roleId);
        archivedRolePeople.push(change.recordId);
        // A sync's archive carries no values; a rollback's (of a revival) puts back the ones
        // the revival changed.
        const roleValues = pick(after, roleUpdateColumns);
        if (Object.keys(roleValues).length > 0)
          roleUpdates.push({ id: apply.roleId, source_hash: apply.hash, ...roleValues });
        if (Object.keys(personValues).length > 0) updatePerson(change, personValues);
        continue;
      }
      if (change.action === 'create') {
        if (apply.isNewPerson)
          newPeople.push([districtId, change.recordId, ...valuesOf(after, personColumns)]);
        else revivedPeople.push(change.recordId);
        newRoles.push([
          districtId,
          apply.roleId,
          change.recordId,
          apply.role,
          configId,
          change.sisId,
          apply.hash,
          ...valuesOf(after, roleColumns),
        ]);
      } else {
        roleUpdates.push({ id: apply.roleId, source_hash: apply.hash, ...pick(after, roleUpdateColumns) });
        if (change.action === 'unarchive') {
          revivedRoles.push(apply.roleId);
          revivedPeople.push(change.recordId);
        }
      }
      if (!(change.action === 'create' && apply.isNewPerson) && Object.keys(personValues).length > 0) {
        updatePerson(change, personValues);
      }
    } else if (apply.kind === 'classroom') {
      if (change.action === 'create') {
        newClassrooms.push([
          districtId,
          change.recordId,
          configId,
          change.sisId,
          apply.hash,
          ...valuesOf(after, classroomColumns),
        ]);
      } else if (change.action === 'archive') {
        archivedClassrooms.push(change.recordId);
        // As for people: values only on a rollback's archive of a revival.
        const values = pick(after, classroomColumns);
        if (Object.keys(values).length > 0)
          classroomUpdates.push({ id: change.recordId, source_hash: apply.hash, ...values });
      } else {
        classroomUpdates.push({
          id: change.recordId,
          source_hash: apply.hash,
          ...pick(after, classroomColumns),
        });
        if (change.action === 'unarchive') revivedClassrooms.push(change.recordId);
      }
    } else if (apply.kind === 'membership') {
      if (change.action === 'remove') {
        membershipRemovals.push({ classroom_id: change.recordId, person_id: change.relatedId });
      } else if (change.action === 'add' && apply.isNewGroup) {
        newMemberships.push([
          districtId,
          change.recordId,
          change.relatedId,
          after.role,
          after.isPrimary,
          configId,
        ]);
      } else {
        membershipUpserts.push({
          classroom_id: change.recordId,
          person_id: change.relatedId,
          role: after.role,
          is_primary: after.isPrimary,
        });
      }
    } else {
      const relationship = after.relationship ?? null;
      const contactType = after.contactType ?? null;
      if (change.action === 'remove') {
        linkRemovals.push({ guardian_id: change.recordId, student_id: change.relatedId });
      } else if (change.action === 'add' && apply.isNewGroup) {
        newLinks.push([districtId, change.recordId, change.relatedId, relationship, contactType, configId]);
      } else {
        linkUpserts.push({
          guardian_id: change.recordId,
          student_id: change.relatedId,
          relationship,
          contact_type: contactType,
        });
      }
    }
  }

  await tx.copy('people', peopleCopy, newPeople);
  await updateRows(tx, 'people', personUpdates, personColumns);
  if (revivedPeople.length > 0) {
    await tx.query('update people set archived_at = null, updated_at = now() where id = any($1::uuid[])', [
      revivedPeople,
    ]);
  }
  await tx.copy('person_roles', rolesCopy, newRoles);
  await updateRows(tx, 'person_roles', roleUpdates, roleUpdateColumns, { source_hash: 'text' });
  if (revivedRoles.length > 0) {
    await tx.query('update person_roles set archived_at = null where id = any($1::uuid[])', [revivedRoles]);
  }
  await tx.copy('classrooms', classroomsCopy, newClassrooms);
  await updateRows(tx, 'classrooms', classroomUpdates, classroomColumns, { source_hash: 'text' });
  if (revivedClassrooms.length > 0) {
    await tx.query('update classrooms set archived_at = null where id = any($1::uuid[])', [
      revivedClassrooms,
    ]);
  }
  await tx.copy('memberships', membershipsCopy, newMemberships);
  if (membershipUpserts.length > 0) {
    // A membership added by hand in the meantime wins: the sync never takes one over.
    await tx.query(
      `insert into memberships (district_id, classroom_id, person_id, role, is_primary, config_id)
       select $1, r.classroom_id, r.person_id, r.role, r.is_primary, $2
       from jsonb_to_recordset($3::jsonb) as r(classroom_id uuid, person_id uuid, role text, is_primary boolean)
       on conflict (classroom_id, person_id) do update set role = excluded.role, is_primary = excluded.is_primary
         where memberships.config_id = $2`,
      [districtId, configId, JSON.stringify(membershipUpserts)],
    );
  }
  if (membershipRemovals.length > 0) {
    await tx.query(
      `delete from memberships m using jsonb_to_recordset($1::jsonb) as r(classroom_id uuid, person_id uuid)
       where m.classroom_id = r.classroom_id and m.person_id = r.person_id and m.config_id = $2`,
      [JSON.stringify(membershipRemovals), configId],
    );
  }
  await tx.copy('guardian_links', linksCopy, newLinks);
  if (linkUpserts.length > 0) {
    await tx.query(
      `insert into guardian_links (district_id, guardian_id, student_id, relationship, contact_type, config_id)
       select $1, r.guardian_id, r.student_id, r.relationship, r.contact_type, $2
       from jsonb_to_recordset($3::jsonb) as r(guardian_id uuid, student_id uuid, relationship text, contact_type text)
       on conflict (guardian_id, student_id) do update
         set relationship = excluded.relationship, contact_type = excluded.contact_type
         where guardian_links.config_id = $2`,
      [districtId, configId, JSON.stringify(linkUpserts)],
    );
  }
  if (linkRemovals.length > 0) {
    await tx.query(
      `delete from guardian_links g using jsonb_to_recordset($1::jsonb) as r(guardian_id uuid, student_id uuid)
       where g.guardian_id = r.guardian_id and g.student_id = r.student_id and g.config_id = $2`,
      [JSON.stringify(linkRemovals), configId],
    );
  }
  if (archivedRoles.length > 0) {
    await tx.query(
      'update person_roles set archived_at = now(), updated_at = now() where id = any($1::uuid[])',
      [archivedRoles],
    );
    // A person is archived when no role is left active.
    await tx.query(
      `update people p set archived_at = now(), updated_at = now()
       where p.id = any($1::uuid[]) and p.archived_at is null
         and not exists (select 1 from person_roles r where r.person_id = p.id and r.archived_at is null)`,
      [archivedRolePeople],
    );
  }
  if (archivedClassrooms.length > 0) {
    await tx.query(
      'update classrooms set archived_at = now(), updated_at = now() where id = any($1::uuid[])',
      [archivedClassrooms],
    );
  }
  await clearGroupHashes(tx, chunk, context);
  await announceCredentialChanges(tx, credentialChanges, context);
  await writeAudit(tx, chunk, context);
}

async function writeAudit(tx: BulkTransaction, chunk: PlannedChange[], context: ChunkContext): Promise<void> {
  const { districtId, runId } = context;
  await tx.copy(
    'audit_log',
    auditCopy,
    chunk.map((change) => [
      districtId,
      'run',
      runId,
      runId,
      change.entity,
      change.action,
      change.recordId,
      change.relatedId,
      change.sisId,
      change.before,
      change.after,
    ]),
  );
}

async function clearGroupHashes(
  tx: BulkTransaction,
  chunk: PlannedChange[],
  context: ChunkContext,
): Promise<void> {
  const classroomIds = new Set<string>();
  const studentIds = new Set<string>();
  for (const change of chunk) {
    if (change.entity === 'memberships') classroomIds.add(change.recordId);
    else if (change.entity === 'guardianLinks' && change.relatedId) studentIds.add(change.relatedId);
  }
  if (classroomIds.size > 0) {
    await tx.query(
      'update classrooms set members_hash = null where id = any($1::uuid[]) and members_hash is not null',
      [[...classroomIds]],
    );
  }
  if (studentIds.size > 0) {
    await tx.query(
      `update person_roles set links_hash = null
       where person_id = any($1::uuid[]) and role = 'student' and config_id = $2 and links_hash is not null`,
      [[...studentIds], context.configId],
    );
  }
}

/** Stores group hashes and hash refreshes once every change before them is committed. */
export async function storeHashes(
  tx: BulkTransaction,
  hashes: { groupHashes: GroupHash[]; hashRefreshes: Plan['hashRefreshes'] },
  context: ChunkContext,
): Promise<void> {
  const members = hashes.groupHashes.filter((group) => group.kind === 'members');
  const links = hashes.groupHashes.filter((group) => group.kind === 'links');
  const roles = hashes.hashRefreshes.filter((refresh) => refresh.kind === 'role');
  const classrooms = hashes.hashRefreshes.filter((refresh) => refresh.kind === 'classroom');
  const byId = (rows: { id: string; hash: string }[]) => [
    rows.map((row) => row.id),
    rows.map((row) => row.hash),
  ];
  if (members.length > 0) {
    await tx.query(
      `update classrooms c set members_hash = r.hash
       from unnest($1::uuid[], $2::text[]) as r(id, hash) where c.id = r.id`,
      byId(members),
    );
  }
  if (links.length > 0) {
    await tx.query(
      `update person_roles p set links_hash = r.hash
       from unnest($1::uuid[], $2::text[]) as r(id, hash)
       where p.person_id = r.id and p.role = 'student' and p.config_id = $3`,
      [...byId(links), context.configId],
    );
  }
  if (roles.length > 0) {
    await tx.query(
      `update person_roles p set source_hash = r.hash from unnest($1::uuid[], $2::text[]) as r(id, hash) where p.id = r.id`,
      byId(roles),
    );
  }
  if (classrooms.length > 0) {
    await tx.query(
      `update classrooms c set source_hash = r.hash from unnest($1::uuid[], $2::text[]) as r(id, hash) where c.id = r.id`,
      byId(classrooms),
    );
  }
}

/**
 * Updates rows of `table` by id. Each row sets only the columns it carries, so rows are grouped
 * by their column set: one statement per distinct set (a handful per run).
 */
async function updateRows(
  tx: BulkTransaction,
  table: 'people' | 'person_roles' | 'classrooms',
  rows: Row[],
  columns: ColumnMap,
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
    await tx.query(
      `update ${table} t set ${setList} from jsonb_to_recordset($1::jsonb) as r(${recordList}) where t.id = r.id`,
      [JSON.stringify(group)],
    );
  }
}

/** The values of `row` that belong to the given column map. */
function pick(row: Row, columns: ColumnMap): Row {
  const picked: Row = {};
  for (const key of Object.keys(columns)) if (key in row) picked[key] = row[key];
  return picked;
}
