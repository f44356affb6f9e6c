import { isUuid } from '../directory/change-cursor.ts';
import type { Principal } from '../directory/principal.ts';
import { AccountError } from './account-error.ts';

/**
 * Who may invite people and give or take back grants in a district (SPEC §7): rostersync itself
 * (the CLI on the host) and the district's admins. Operators' tokens carry no scope for it: a
 * host app that could hand out rights could give itself any. Throws `ACCOUNTS_NOT_ALLOWED`,
 * naming the rule; a district id that is not one at all is `DISTRICT_NOT_FOUND`.
 */
export function assertMayManageAccounts(actor: Principal, districtId: string): void {
  if (!isUuid(districtId)) throw new AccountError('DISTRICT_NOT_FOUND', `No district ${districtId}.`);
  if (actor.districtId !== districtId) {
    throw new AccountError('ACCOUNTS_NOT_ALLOWED', 'Nobody manages the accounts of another district.');
  }
  if (actor.kind === 'system') return;
  if (actor.kind === 'person' && actor.grants.some((grant) => grant.role === 'district_admin')) return;
  throw new AccountError(
    'ACCOUNTS_NOT_ALLOWED',
    actor.kind === 'operator'
      ? 'API tokens cannot manage accounts: only district admins invite people and give grants.'
      : 'Only district admins invite people and give or take back grants.',
  );
}
