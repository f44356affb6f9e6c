import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import type { PermissionFacts } from './permission-facts.ts';

/** What an operation acts on, for the permission rule. */
export type PermissionTarget =
  | { kind: 'school'; schoolId: string }
  | { kind: 'classroom'; classroomId: string }
  | { kind: 'person'; personId: string }
  | { kind: 'config'; configId: string };

/**
 * Loads the facts `decidePermission` judges: the target's district and schools, whether a
 * classroom is owned by an enabled sync, and whether the asking person is staff and teaches
 * it. The target is looked up by id in any district, so a target of another district is
 * refused by name (`OTHER_DISTRICT`) rather than reported missing; a target that does not
 * exist at all is `*_NOT_FOUND`.
 */
export async function loadPermissionFacts(
  db: Kysely<Database>,
  principal: Principal,
  target: PermissionTarget,
): Promise<PermissionFacts> {
  const facts = await loadTargetFacts(db, target);
  if (principal.kind !== 'person' || facts.districtId !== principal.districtId) return facts;
  const staff = await db
    .selectFrom('person_roles as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select('r.id')
    .where('r.person_id', '=', principal.personId)
    .where('r.district_id', '=', principal.districtId)
    .where('r.role', '=', 'staff')
    .where('r.archived_at', 'is', null)
    .where('p.archived_at', 'is', null)
    .executeTakeFirst();
  let teachesClassroom = false;
  if (target.kind === 'classroom') {
    const membership = await db
      .selectFrom('memberships')
      .select('person_id')
      .where('district_id', '=', principal.districtId)
      .where('classroom_id', '=', target.classroomId)
      .where('person_id', '=', principal.personId)
      .where('role', '=', 'teacher')
      .executeTakeFirst();
    teachesClassroom = membership !== undefined;
  }
  return { ...facts, asker: { isStaff: staff !== undefined, teachesClassroom } };
}

async function loadTargetFacts(db: Kysely<Database>, target: PermissionTarget): Promise<PermissionFacts> {
  switch (target.kind) {
    case 'school': {
      const school = await db
        .selectFrom('schools')
        .select(['district_id', 'id'])
        .where('id', '=', target.schoolId)
        .executeTakeFirst();
      if (!school) throw new DirectoryError('SCHOOL_NOT_FOUND', `No school ${target.schoolId}.`);
      return { districtId: school.district_id, schoolIds: [school.id] };
    }
    case 'classroom': {
      const classroom = await db
        .selectFrom('classrooms as c')
        .leftJoin('sync_configs as s', 's.id', 'c.config_id')
        .select(['c.district_id', 'c.school_id', 's.is_enabled'])
        .where('c.id', '=', target.classroomId)
        .executeTakeFirst();
      if (!classroom) {
        throw new DirectoryError('CLASSROOM_NOT_FOUND', `No classroom ${target.classroomId}.`);
      }
      return {
        districtId: classroom.district_id,
        schoolIds: [classroom.school_id],
        classroom: { isSynced: classroom.is_enabled === true },
      };
    }
    case 'person': {
      const person = await db
        .selectFrom('people')
        .select('district_id')
        .where('id', '=', target.personId)
        .executeTakeFirst();
      if (!person) throw new DirectoryError('PERSON_NOT_FOUND', `No person ${target.personId}.`);
      return {
        districtId: person.district_id,
        schoolIds: await loadPersonSchools(db, person.district_id, target.personId),
        personId: target.personId,
      };
    }
    case 'config': {
      const config = await db
        .selectFrom('sync_configs')
        .select(['district_id', 'school_id'])
        .where('id', '=', target.configId)
        .executeTakeFirst();
      if (!config) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${target.configId}.`);
      return { districtId: config.district_id, schoolIds: config.school_id ? [config.school_id] : [] };
    }
  }
}

/**
 * A person's schools: those of their open roles, and a guardian's students' too (a guardian
 * added by hand may carry none of their own), so a school's staff can act on its families. A
 * person with no open role (archived) is judged by the schools they were in.
 */
async function loadPersonSchools(
  db: Kysely<Database>,
  districtId: string,
  personId: string,
): Promise<string[]> {
  const { rows } = await sql<{ school_id: string; is_open: boolean }>`
    select distinct unnest(r.school_ids) as school_id, r.archived_at is null as is_open
    from person_roles r
    where r.district_id = ${districtId}
      and (r.person_id = ${personId}
        or (r.role = 'student' and r.archived_at is null and r.person_id in (
          select l.student_id from guardian_links l
          where l.district_id = ${districtId} and l.guardian_id = ${personId})))
  `.execute(db);
  const open = rows.filter((row) => row.is_open);
  return [...new Set((open.length > 0 ? open : rows).map((row) => row.school_id))];
}
