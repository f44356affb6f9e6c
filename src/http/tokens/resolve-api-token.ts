import type { Kysely } from 'kysely';
import {
  installationScopes,
  operatorScopes,
  type InstallationPrincipal,
  type InstallationScope,
  type OperatorPrincipal,
  type OperatorScope,
} from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { apiTokenPrefix, hashApiToken } from './hash-api-token.ts';

/**
 * How stale `last_used_at` may get: writing it on every request would turn every read into a
 * write; a minute is precise enough to tell a token in use from a forgotten one.
 */
const lastUsedPrecisionMs = 60_000;

/**
 * Who a bearer token stands for: the operator of its district, or, for a token of no district,
 * the installation; null when it is not a live token (unknown, revoked, malformed). The token
 * is looked up by its hash; the caller answers 401 for null without saying which of those it
 * was.
 */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  now: Date = new Date(),
): Promise<OperatorPrincipal | InstallationPrincipal | null> {
  if (!token.startsWith(apiTokenPrefix) || token.length > 200) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['district_id', 'id', 'scopes', 'last_used_at'])
    .where('token_hash', '=', hashApiToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > lastUsedPrecisionMs) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  // A scope this version no longer knows, or one of the other kind of token (a row edited by
  // hand), grants nothing: each kind keeps only its own scopes.
  if (row.district_id === null) {
    return {
      kind: 'installation',
      tokenId: row.id,
      scopes: row.scopes.filter((scope): scope is InstallationScope =>
        (installationScopes as readonly string[]).includes(scope),
      ),
    };
  }
  return {
    kind: 'operator',
    districtId: row.district_id,
    tokenId: row.id,
    scopes: row.scopes.filter((scope): scope is OperatorScope =>
      (operatorScopes as readonly string[]).includes(scope),
    ),
  };
}
