import type { Kysely } from 'kysely';
import { operatorScopes, type OperatorPrincipal, type OperatorScope } from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { apiTokenPrefix, hashApiToken } from './hash-api-token.ts';

/**
 * How stale `last_used_at` may get: writing it on every request would turn every read into a
 * write; a minute is precise enough to tell a token in use from a forgotten one.
 */
const lastUsedPrecisionMs = 60_000;

/**
 * The operator a bearer token stands for, or null when it is not a live token (unknown,
 * revoked, malformed). The token is looked up by its hash; the caller answers 401 for null
 * without saying which of those it was.
 */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  now: Date = new Date(),
): Promise<OperatorPrincipal | null> {
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
  return {
    kind: 'operator',
    districtId: row.district_id,
    tokenId: row.id,
    // A scope this version no longer knows grants nothing.
    scopes: row.scopes.filter((scope): scope is OperatorScope =>
      (operatorScopes as readonly string[]).includes(scope),
    ),
  };
}
