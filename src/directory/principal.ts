/**
 * Who is asking (SPEC §7): every directory operation and every API call takes one, and every
 * refusal names the rule that refused it. A principal belongs to one district; nothing it does
 * reaches another (tenant isolation).
 *
 * - `person`: a signed-in person of the district (session cookie), with the grants stored for
 *   them (`person_grants`). What a person may do as a teacher, guardian, staff member or student
 *   follows from their roles, memberships and links in the directory, not from grants.
 * - `operator`: the host app or a script, by API token, limited to the token's scopes.
 * - `system`: rostersync itself (the CLI on the machine, runs, the demo): every right in the
 *   district it names. Never reachable over HTTP.
 */
export type Principal = PersonPrincipal | OperatorPrincipal | SystemPrincipal;

export interface PersonPrincipal {
  kind: 'person';
  districtId: string;
  personId: string;
  grants: readonly Grant[];
}

export interface OperatorPrincipal {
  kind: 'operator';
  districtId: string;
  tokenId: string;
  scopes: readonly OperatorScope[];
}

export interface SystemPrincipal {
  kind: 'system';
  districtId: string;
}

/**
 * A right given to a person (SPEC §7). `schoolId` null means district-wide.
 * - `district_admin`: everything in the district.
 * - `school_leader`: manual operations in the school; its runs and reports.
 * - `rostering_admin`: manual roster operations (classrooms, memberships, guardians) in scope.
 * - `users_manager`: edit contact details of active users in scope, when SPEC §6 allows.
 */
export type Grant =
  | { role: 'district_admin' }
  | { role: 'school_leader'; schoolId: string }
  | { role: 'rostering_admin'; schoolId: string | null }
  | { role: 'users_manager'; schoolId: string | null };

export type GrantRole = Grant['role'];

/**
 * What an API token may do. Reading the directory and the change feed is what a host app
 * needs; writing and running syncs are separate so a token can be given the least it needs.
 */
export const operatorScopes = [
  'directory:read',
  'directory:write',
  'changes:read',
  'syncs:read',
  'syncs:write',
] as const;
export type OperatorScope = (typeof operatorScopes)[number];

/**
 * Whoever runs the installation, by an API token of no district: creates and lists districts.
 * Deliberately not a `Principal`: directory operations, accounts and runs take a `Principal`,
 * so an installation token can never be handed to anything that reads or writes a district's
 * data; the HTTP layer refuses it on every district's path.
 */
export interface InstallationPrincipal {
  kind: 'installation';
  tokenId: string;
  scopes: readonly InstallationScope[];
}

/**
 * What an installation token may do: list every district, create districts. A district's token
 * never holds these, and an installation token never holds a district's scopes.
 */
export const installationScopes = ['districts:read', 'districts:write'] as const;
export type InstallationScope = (typeof installationScopes)[number];
