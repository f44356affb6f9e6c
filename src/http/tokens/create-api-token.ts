import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUuid } from '../../directory/change-cursor.ts';
import { DirectoryError } from '../../directory/directory-error.ts';
import { operatorScopes, type OperatorScope } from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import { apiTokenPrefix, hashApiToken } from './hash-api-token.ts';

export interface CreatedApiToken {
  id: string;
  districtId: string;
  name: string;
  scopes: OperatorScope[];
  /** The token itself: shown once, never stored (only its hash is). */
  token: string;
}

/**
 * Makes an operator's API token for one district with the given scopes (SPEC §7: least
 * privilege, per token). The token is `rs_` + 32 random bytes as base64url; only its SHA-256 is
 * stored.
 */
export async function createApiToken(
  db: Kysely<Database>,
  input: { districtId: string; name: string; scopes: readonly string[]; createdBy: string | null },
): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (!name) throw new DirectoryError('TOKEN_NAME_REQUIRED', 'A token needs a name (what uses it).');
  const unknown = input.scopes.filter((scope) => !(operatorScopes as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new DirectoryError(
      'SCOPE_UNKNOWN',
      `Unknown scope ${unknown.map((scope) => `"${scope}"`).join(', ')}. Scopes: ${operatorScopes.join(', ')}.`,
    );
  }
  if (input.scopes.length === 0) {
    throw new DirectoryError(
      'SCOPE_REQUIRED',
      `Give a token at least one scope: ${operatorScopes.join(', ')}.`,
    );
  }
  const scopes = operatorScopes.filter((scope) => input.scopes.includes(scope));
  const district = isUuid(input.districtId)
    ? await db.selectFrom('districts').select('id').where('id', '=', input.districtId).executeTakeFirst()
    : undefined;
  if (!district) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${input.districtId}.`);
  const token = `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({
      district_id: district.id,
      id,
      name,
      token_hash: hashApiToken(token),
      scopes,
      created_by: input.createdBy,
    })
    .execute();
  return { id, districtId: district.id, name, scopes, token };
}
