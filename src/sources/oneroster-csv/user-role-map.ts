import type { PersonRoleName } from '../../roster/snapshot.ts';

/**
 * OneRoster user roles (1.1 users.csv `role`, 1.2 roles.csv `role`), in lower case, and what
 * the directory makes of them (SPEC §2.3). The validator's accept level knows exactly these
 * words, so what it calls ROLE_UNKNOWN is what the sync leaves as it is.
 */
export const userRoleMap: ReadonlyMap<string, PersonRoleName> = new Map<string, PersonRoleName>([
  ['student', 'student'],
  ['teacher', 'staff'],
  ['aide', 'staff'],
  ['proctor', 'staff'],
  ['administrator', 'staff'],
  // OneRoster 1.2 staff roles, sent by some 1.1 exporters too.
  ['districtadministrator', 'staff'],
  ['principal', 'staff'],
  ['siteadministrator', 'staff'],
  ['systemadministrator', 'staff'],
  ['parent', 'guardian'],
  ['guardian', 'guardian'],
  ['relative', 'guardian'],
]);
