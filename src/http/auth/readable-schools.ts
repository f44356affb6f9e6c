import type { Kysely } from 'kysely';
import { loadPermissionFacts } from '../../directory/permissions/load-permission-facts.ts';
import type { Database } from '../../store/database-schema.ts';
import { ApiError } from '../errors/api-error.ts';
import type { HttpPrincipal } from './authenticate.ts';

/**
 * The schools whose directory a principal may read (`schools:read`), or null for the whole
 * district: a token with `directory:read`, a district admin, and a person whose grant covers
 * the district read all; a school leader, rostering admin or users manager of some schools
 * reads those schools' people and classrooms — the records their manual operations act on
 * (SPEC §7). A person is in a school by an open role there or, for a guardian, by a student's.
 */
export function readableSchoolIds(principal: HttpPrincipal): string[] | null {
  if (principal.kind === 'operator') return null;
  const schoolIds: string[] = [];
  for (const grant of principal.grants) {
    if (grant.role === 'district_admin') return null;
    if (grant.schoolId === null) return null;
    schoolIds.push(grant.schoolId);
  }
  return schoolIds;
}

/** A record of the directory read by id. */
export type ReadableRecord =
  | { kind: 'person'; personId: string }
  | { kind: 'classroom'; classroomId: string }
  | { kind: 'school'; schoolId: string };

/**
 * Refuses a record outside the principal's schools (after the route found it in the district):
 * 403 naming the rule. A record in none of the schools is a district admin's to read.
 */
export async function requireRecordReadable(
  db: Kysely<Database>,
  principal: HttpPrincipal,
  record:
    | { kind: 'person'; personId: string }
    | { kind: 'classroom'; classroomId: string }
    | { kind: 'school'; schoolId: string },
): Promise<void> {
  const readable = readableSchoolIds(principal);
  if (readable === null) return;
  const facts = await loadPermissionFacts(db, principal, record);
  if (facts.schoolIds.some((schoolId) => readable.includes(schoolId))) return;
  throw new ApiError(
    'FORBIDDEN',
    `SPEC §7: a school's leaders, rostering admins and users managers read the directory of their schools; this ${record.kind} is in none of them.`,
  );
}
