import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { DirectoryAction } from '../permissions/directory-action.ts';
import { decidePermission } from '../permissions/decide-permission.ts';
import { loadPermissionFacts, type PermissionTarget } from '../permissions/load-permission-facts.ts';
import type { PermissionFacts } from '../permissions/permission-facts.ts';
import type { Principal } from '../principal.ts';

/**
 * Loads the facts, applies SPEC §7 and throws the refusal (its code, the rule in the message)
 * when the principal may not act. Returns the facts for the operation to reuse.
 */
export async function authorize(
  db: Kysely<Database>,
  principal: Principal,
  action: DirectoryAction,
  target: PermissionTarget,
): Promise<PermissionFacts> {
  const facts = await loadPermissionFacts(db, principal, target);
  const decision = decidePermission(principal, action, facts);
  if (!decision.allowed) {
    throw new DirectoryError(decision.code, `Refused ${action}: ${decision.rule}.`);
  }
  return facts;
}
