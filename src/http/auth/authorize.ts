import type { RoutePermission } from '../api-route.ts';
import { ApiError } from '../errors/api-error.ts';
import type { HttpPrincipal } from './authenticate.ts';

/**
 * Lets a principal act on a district with a permission, or refuses (SPEC §7). The order
 * matters: no principal is 401; a principal of another district gets the same 404 as a
 * district that does not exist, so ids of other tenants cannot be probed; only then is the
 * right judged (403, naming the rule). A district admin may do everything in the district;
 * an operator what its token's scopes allow, never accounts. Other grants (school leaders, rostering admins)
 * reach no API operation yet.
 */
export function authorize(
  principal: HttpPrincipal | null,
  districtId: string,
  permission: Exclude<RoutePermission, 'public'>,
): HttpPrincipal {
  if (!principal) {
    throw new ApiError('UNAUTHENTICATED', 'Send a valid API token (Authorization: Bearer rs_…) or sign in.');
  }
  if (principal.districtId.toLowerCase() !== districtId.toLowerCase()) {
    throw new ApiError('DISTRICT_NOT_FOUND', `No district ${districtId}.`);
  }
  // The capability judges the rest (and names the rule when it refuses).
  if (permission === 'signed-in' || permission === 'capability') return principal;
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

/** How a principal is named in histories and the audit log: `token:ID` or the person's id. */
export function actorOf(principal: HttpPrincipal): { type: 'api' } | { type: 'user'; personId: string } {
  return principal.kind === 'person' ? { type: 'user', personId: principal.personId } : { type: 'api' };
}
