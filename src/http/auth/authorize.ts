import { installationScopes, type InstallationScope, type OperatorScope } from '../../directory/principal.ts';
import type { RoutePermission, RoutePrincipal } from '../api-route.ts';
import { ApiError } from '../errors/api-error.ts';
import type { AuthenticatedPrincipal, HttpPrincipal } from './authenticate.ts';

/**
 * Lets a principal act on a district with a permission, or refuses (SPEC §7). The order
 * matters: no principal is 401; an installation token acts on no district's data and is
 * refused on every district's path (403, before the district is looked at, so it learns
 * nothing of which districts exist); a principal of another district gets the same 404 as a
 * district that does not exist, so ids of other tenants cannot be probed; only then is the
 * right judged (403, naming the rule). A district admin may do everything in the district;
 * an operator what its token's scopes allow, never accounts. A school leader reads runs
 * (`runs:read`, narrowed by the handler to their schools' syncs); their other rights, and
 * rostering admins', teachers' and the person's own, are judged by the directory operations.
 */
export function authorize(
  principal: AuthenticatedPrincipal | null,
  districtId: string,
  permission: Exclude<RoutePermission, 'public' | InstallationScope>,
): HttpPrincipal {
  if (!principal) throw unauthenticated();
  if (principal.kind === 'installation') {
    throw new ApiError(
      'INSTALLATION_TOKEN_NOT_FOR_DISTRICT',
      'An installation token creates and lists districts; it acts on no district’s data. Use a token of the district (token create --district ID) or sign in.',
    );
  }
  if (principal.districtId.toLowerCase() !== districtId.toLowerCase()) {
    throw new ApiError('DISTRICT_NOT_FOUND', `No district ${districtId}.`);
  }
  // The capability judges the rest (and names the rule when it refuses).
  if (permission === 'signed-in' || permission === 'capability') return principal;
  if (permission === 'runs:read') {
    // A school leader reads their schools' syncs' runs; the handler narrows to those.
    if (principal.kind === 'person' && principal.grants.some((grant) => grant.role === 'school_leader')) {
      return principal;
    }
    return authorize(principal, districtId, 'syncs:read');
  }
  if (permission === 'schools:read') {
    // Every signed-in person reads some of the directory (their schools', their classrooms',
    // their own record); the handler narrows (`readable-schools.ts`).
    if (principal.kind === 'person') return principal;
    return authorize(principal, districtId, 'directory:read');
  }
  if (principal.kind === 'operator') {
    if (permission === 'accounts') {
      throw new ApiError(
        'FORBIDDEN',
        'API tokens cannot manage accounts: only district admins invite people and give grants.',
      );
    }
    if (principal.scopes.includes(permission)) return principal;
    throw new ApiError(
      'FORBIDDEN',
      `This token lacks the scope ${permission}, which this operation needs (it has: ${principal.scopes.join(', ') || 'none'}).`,
    );
  }
  if (principal.grants.some((grant) => grant.role === 'district_admin')) return principal;
  throw new ApiError(
    'FORBIDDEN',
    permission === 'accounts'
      ? 'Only district admins invite people and give or take back grants.'
      : `Only a district admin may do this (it needs ${permission}).`,
  );
}

/**
 * What a district's principal needs, in its own district, for an operation above districts
 * (null: it may not). Listing districts shows it its own district alone, so it needs what
 * reading that district (`getDistrict`) needs; creating districts is the installation's alone.
 */
const districtPermissionAbove: Readonly<Record<InstallationScope, OperatorScope | null>> = {
  'districts:read': 'directory:read',
  'districts:write': null,
};

/**
 * Lets a principal call an operation above districts (`/api/v1/districts`), or refuses: no
 * principal is 401; an installation token needs the scope (403 `FORBIDDEN`); a district's
 * principal is judged in its own district by `districtPermissionAbove` (403
 * `INSTALLATION_TOKEN_REQUIRED` where it may not), and the handler answers for that district
 * alone.
 */
export function authorizeAboveDistricts(
  principal: AuthenticatedPrincipal | null,
  scope: InstallationScope,
): RoutePrincipal<InstallationScope> {
  if (!principal) throw unauthenticated();
  if (principal.kind === 'installation') {
    if (principal.scopes.includes(scope)) return principal;
    throw new ApiError(
      'FORBIDDEN',
      `This installation token lacks the scope ${scope}, which this operation needs (it has: ${principal.scopes.join(', ') || 'none'}).`,
    );
  }
  const permission = districtPermissionAbove[scope];
  if (permission === null) {
    throw new ApiError(
      'INSTALLATION_TOKEN_REQUIRED',
      `Only an installation token with ${scope} may do this (token create --installation); a district’s token or session may not.`,
    );
  }
  return authorize(principal, principal.districtId, permission);
}

/** Whether a route's permission is an installation scope, i.e. the route acts above districts. */
export function isInstallationScope(permission: RoutePermission): permission is InstallationScope {
  return (installationScopes as readonly string[]).includes(permission);
}

function unauthenticated(): ApiError {
  return new ApiError('UNAUTHENTICATED', 'Send a valid API token (Authorization: Bearer rs_…) or sign in.');
}

/** How a principal is named in histories and the audit log: `token:ID` or the person's id. */
export function actorOf(principal: HttpPrincipal): { type: 'api' } | { type: 'user'; personId: string } {
  return principal.kind === 'person' ? { type: 'user', personId: principal.personId } : { type: 'api' };
}
