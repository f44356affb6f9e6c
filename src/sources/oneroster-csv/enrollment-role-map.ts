import type { MembershipRole } from '../../roster/snapshot.ts';

/**
 * Enrollment roles (lower case) and the membership they make. Aides, proctors and
 * administrators enrolled in a class are staff present in it without being its teacher. The
 * validator's accept level knows exactly these words.
 */
export const enrollmentRoleMap: ReadonlyMap<string, MembershipRole> = new Map<string, MembershipRole>([
  ['student', 'student'],
  ['teacher', 'teacher'],
  ['aide', 'aide'],
  ['proctor', 'aide'],
  ['administrator', 'aide'],
]);
