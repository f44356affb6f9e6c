import { sql, type Kysely } from 'kysely';
import { batches } from '../store/batches.ts';
import type { Database } from '../store/database-schema.ts';
import { heldChangeKey, type CurrentRecord, type HeldChange } from './held-change.ts';
import type { OpenHold } from './load-open-hold.ts';
import type { RecheckEvidence } from './recheck-held-change.ts';

/**
 * Loads what `recheckHeldChange` needs for each held change of a hold, by `seq`: the record as
 * the directory holds it now, whether the audit log shows a change to it by anyone else since
 * the held run started, and whether a later run of the config read the source and kept it.
 */
export async function loadRecheckEvidence(
  db: Kysely<Database>,
  hold: OpenHold,
  changes: readonly HeldChange[],
): Promise<Map<number, RecheckEvidence>> {
  const current = await loadCurrentRecords(db, hold.districtId, changes);
  const changed = await loadChangedSince(db, hold, changes);
  const laterRunHeld = await loadLaterRunHolds(db, hold);
  const evidence = new Map<number, RecheckEvidence>();
  for (const change of changes) {
    const key = heldChangeKey(change);
    const family = familyOf(change.entity);
    evidence.set(change.seq, {
      configId: hold.configId,
      current: current.get(key),
      isChangedSince:
        changed.has(`${family}|${change.recordId}|${change.relatedId ?? ''}`) ||
        changed.has(`${family}|${change.recordId}|*`),
      isKeptByLaterRun: laterRunHeld !== null && !laterRunHeld.has(key),
    });
  }
  return evidence;
}

/** Current rows of the roles, classrooms, memberships and links the changes are about, by change key. */
async function loadCurrentRecords(
  db: Kysely<Database>,
  districtId: string,
  changes: readonly HeldChange[],
): Promise<Map<string, CurrentRecord>> {
  const found = new Map<string, CurrentRecord>();
  const of = (entities: string[]) => changes.filter((change) => entities.includes(change.entity));
  const roleChanges = of(['students', 'staff', 'guardians']);
  const roleKeyOf = new Map(roleChanges.map((change) => [change.relatedId ?? '', heldChangeKey(change)]));
  for (const ids of batches(roleChanges.map((change) => change.relatedId ?? ''))) {
    const rows = await db
      .selectFrom('person_roles')
      .select(['id', 'person_id', 'role', 'config_id', 'archived_at'])
      .where('district_id', '=', districtId)
      .where('id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      found.set(roleKeyOf.get(row.id) as string, {
        kind: 'role',
        personId: row.person_id,
        role: row.role,
        configId: row.config_id,
        isArchived: row.archived_at !== null,
      });
    }
  }
  for (const ids of batches(of(['classrooms']).map((change) => change.recordId))) {
    const rows = await db
      .selectFrom('classrooms')
      .select(['id', 'config_id', 'archived_at'])
      .where('district_id', '=', districtId)
      .where('id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      found.set(heldChangeKey({ entity: 'classrooms', recordId: row.id, relatedId: null }), {
        kind: 'classroom',
        configId: row.config_id,
        isArchived: row.archived_at !== null,
      });
    }
  }
  for (const batch of batches(of(['memberships']))) {
    const rows = await sql<{
      classroom_id: string;
      person_id: string;
      role: string;
      is_primary: boolean;
      config_id: string | null;
    }>`
      select m.classroom_id, m.person_id, m.role, m.is_primary, m.config_id
      from memberships m
      join unnest(${batch.map((c) => c.recordId)}::uuid[], ${batch.map((c) => c.relatedId)}::uuid[]) as r(classroom_id, person_id)
        on m.classroom_id = r.classroom_id and m.person_id = r.person_id
      where m.district_id = ${districtId}
    `.execute(db);
    for (const row of rows.rows) {
      found.set(
        heldChangeKey({ entity: 'memberships', recordId: row.classroom_id, relatedId: row.person_id }),
        {
          kind: 'membership',
          configId: row.config_id,
          values: { role: row.role, isPrimary: row.is_primary },
        },
      );
    }
  }
  for (const batch of batches(of(['guardianLinks']))) {
    const rows = await sql<{
      guardian_id: string;
      student_id: string;
      relationship: string | null;
      contact_type: string | null;
      config_id: string | null;
    }>`
      select g.guardian_id, g.student_id, g.relationship, g.contact_type, g.config_id
      from guardian_links g
      join unnest(${batch.map((c) => c.recordId)}::uuid[], ${batch.map((c) => c.relatedId)}::uuid[]) as r(guardian_id, student_id)
        on g.guardian_id = r.guardian_id and g.student_id = r.student_id
      where g.district_id = ${districtId}
    `.execute(db);
    for (const row of rows.rows) {
      found.set(
        heldChangeKey({ entity: 'guardianLinks', recordId: row.guardian_id, relatedId: row.student_id }),
        {
          kind: 'link',
          configId: row.config_id,
          values: { relationship: row.relationship, contactType: row.contact_type },
        },
      );
    }
  }
  return found;
}

/**
 * Records the audit log shows changed since the held run started, by anyone but the held run:
 * `family|record|related`, or `family|record|*` for a change of the whole record (a person's
 * own fields, with no role named). A change the held run planned is its own business; every
 * other one means the record is not as the plan saw it.
 */
async function loadChangedSince(
  db: Kysely<Database>,
  hold: OpenHold,
  changes: readonly HeldChange[],
): Promise<Set<string>> {
  const changed = new Set<string>();
  const recordIds = [...new Set(changes.map((change) => change.recordId))];
  for (const ids of batches(recordIds)) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['entity', 'record_id', 'related_id'])
      .where('district_id', '=', hold.districtId)
      .where('record_id', '=', sql<string>`any(${ids}::uuid[])`)
      .where('at', '>=', hold.startedAt)
      .where(sql<boolean>`run_id is distinct from ${hold.runId}::uuid`)
      .execute();
    for (const row of rows) {
      changed.add(`${familyOf(row.entity)}|${row.record_id}|${row.related_id ?? '*'}`);
    }
  }
  return changed;
}

/**
 * What the latest later run of the config that read its source held back (change keys), or
 * null when no run has read the source since the held run. A record such a run neither
 * removed nor held was in the source it read (or could not be judged): the held removal is
 * stale. Only runs that read a source (their timings have a `read` phase: not approvals) and
 * that got to plan (succeeded or held) count; a dry run changes nothing and is not one.
 */
async function loadLaterRunHolds(db: Kysely<Database>, hold: OpenHold): Promise<Set<string> | null> {
  const later = await db
    .selectFrom('runs')
    .select('id')
    .where('district_id', '=', hold.districtId)
    .where('config_id', '=', hold.configId)
    .where('started_at', '>', hold.startedAt)
    .where('is_dry_run', '=', false)
    .where('status', 'in', ['succeeded', 'succeeded_with_warnings', 'held_threshold', 'held_incomplete'])
    .where(sql<boolean>`timings ->> 'read' is not null`)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!later) return null;
  const rows = await db
    .selectFrom('plan_changes')
    .select(['entity', 'record_id', 'related_id'])
    .where('district_id', '=', hold.districtId)
    .where('run_id', '=', later.id)
    .where('state', '!=', 'planned')
    .execute();
  return new Set(
    rows.map((row) =>
      heldChangeKey({ entity: row.entity, recordId: row.record_id, relatedId: row.related_id }),
    ),
  );
}

/** Students, staff and guardians are all a person: a change of one is a change of the person. */
function familyOf(entity: string): string {
  return entity === 'students' || entity === 'staff' || entity === 'guardians' ? 'people' : entity;
}
