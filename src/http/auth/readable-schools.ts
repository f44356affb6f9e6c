import type { Kysely } from 'kysely';
import { loadPermissionFacts } from '../../directory/permissions/load-permission-facts.ts';
import type { Database } from '../../store/database-schema.ts';
import { ApiError } from '../errors/api-error.ts';
import type { HttpPrincipal } from './authenticate.ts';

/**
 * What of the directory a principal reads (`schools:read`, SPEC §7):
 * - the whole district: a token with `directory:read`, a district admin, a district-wide grant;
 * - the people and classrooms of some schools: a school leader, rostering admin or users
 *   manager of those schools — what their manual operations act on (a person is in a school by
 *   an open role there or, for a guardian, by a student's);
 * - for every signed-in person besides: their own record, the classrooms they teach and those
 *   classrooms' members (a teacher renames, adds co-teachers and manages members there), and
 *   the students they are a guardian of.
 */
export interface ReadableScope {
  /** null: every school. */
  schoolIds: string[] | null;
  /** The signed-in person, who reads themself and what they teach. */
  personId: string | null;
}

export function readableScope(principal: HttpPrincipal): ReadableScope {
  if (principal.kind === 'operator') return { schoolIds: null, personId: null };
  const schoolIds: string[] = [];
  for (const grant of principal.grants) {
    if (grant.role === 'district_admin' || grant.schoolId === null) {
      return { schoolIds: null, personId: principal.personId };
    }
    schoolIds.push(grant.schoolId);
  }
  return { schoolIds, personId: principal.personId };
}

/** A record of the directory read by id. */
export type ReadableRecord =
  | { kind: 'person'; personId: string }
  | { kind: 'classroom'; classroomId: string }
  | { kind: 'school'; schoolId: string };

/**
 * Refuses a record the principal does not read (after the route found it in the district):
 * 403 naming the rule.
 */
export async function requireRecordReadable(
  db: Kysely<Database>,
  principal: HttpPrincipal,
  record: ReadableRecord,
): Promise<void> {
  const scope = readableScope(principal);
  if (scope.schoolIds === null) return;
  if (record.kind === 'person' && record.personId === scope.personId) return;
  const facts = await loadPermissionFacts(db, principal, record);
  if (facts.schoolIds.some((schoolId) => scope.schoolIds!.includes(schoolId))) return;
  if (facts.asker?.teachesClassroom) return;
  if (
    record.kind === 'person' &&
    scope.personId &&
    ((await isTaughtBy(db, principal.districtId, record.personId, scope.personId)) ||
      (await isGuardianOf(db, principal.districtId, scope.personId, record.personId)))
  ) {
    return;
  }
  throw new ApiError(
    'FORBIDDEN',
    `SPEC §7: a school's leaders, rostering admins and users managers read the directory of their schools, a teacher their classrooms and their members, a guardian their students, everyone their own record; this ${record.kind} is none of those.`,
  );
}

/** Whether a person is linked as a guardian of the student. */
async function isGuardianOf(
  db: Kysely<Database>,
  districtId: string,
  guardianId: string,
  studentId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('guardian_links')
    .select('student_id')
    .where('district_id', '=', districtId)
    .where('guardian_id', '=', guardianId)
    .where('student_id', '=', studentId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a person is a member of a classroom the teacher teaches. */
async function isTaughtBy(
  db: Kysely<Database>,
  districtId: string,
  personId: string,
  teacherId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('memberships as t', (join) =>
      join.onRef('t.classroom_id', '=', 'm.classroom_id').on('t.role', '=', 'teacher'),
    )
    .select('m.person_id')
    .where('m.district_id', '=', districtId)
    .where('t.district_id', '=', districtId)
    .where('m.person_id', '=', personId)
    .where('t.person_id', '=', teacherId)
    .executeTakeFirst();
  return row !== undefined;
}
