import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUuid } from '../../directory/change-cursor.ts';
import { DirectoryError } from '../../directory/directory-error.ts';
import {
  installationScopes,
  operatorScopes,
  type InstallationScope,
  type OperatorScope,
} from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import { apiTokenPrefix, hashApiToken } from './hash-api-token.ts';

export interface CreatedApiToken {
  id: string;
  /** The district an operator's token acts in; null for an installation token. */
  districtId: string | null;
  name: string;
  scopes: (OperatorScope | InstallationScope)[];
  /** The token itself: shown once, never stored (only its hash is). */
  token: string;
}

/**
 * Makes an API token with the given scopes (SPEC §7: least privilege, per token): an
 * operator's token for one district (`districtId`), or an installation token (`districtId`
 * null) that creates and lists districts. The two kinds never share a scope, so a token
 * cannot be both: a district's token with `districts:*`, or an installation token with a
 * district's scope, is refused (`SCOPE_NOT_FOR_TOKEN_KIND`). The token is `rs_` + 32 random
 * bytes as base64url; only its SHA-256 is stored.
 */
export async function createApiToken(
  db: Kysely<Database>,
  input: { districtId: string | null; name: string; scopes: readonly string[]; createdBy: string | null },
): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (!name) throw new DirectoryError('TOKEN_NAME_REQUIRED', 'A token needs a name (what uses it).');
  const isInstallation = input.districtId === null;
  const allowed: readonly string[] = isInstallation ? installationScopes : operatorScopes;
  const others: readonly string[] = isInstallation ? operatorScopes : installationScopes;
  const unknown = input.scopes.filter((scope) => !allowed.includes(scope) && !others.includes(scope));
  if (unknown.length > 0) {
    throw new DirectoryError(
      'SCOPE_UNKNOWN',
      `Unknown scope ${unknown.map((scope) => `"${scope}"`).join(', ')}. Scopes: ${allowed.join(', ')}.`,
    );
  }
  const misplaced = input.scopes.filter((scope) => others.includes(scope));
  if (misplaced.length > 0) {
    throw new DirectoryError(
      'SCOPE_NOT_FOR_TOKEN_KIND',
      isInstallation
        ? `An installation token acts on no district's data, so it cannot have ${misplaced.join(', ')}. Its scopes: ${installationScopes.join(', ')}; make a district's token for the rest.`
        : `A district's token cannot have ${misplaced.join(', ')}: creating and listing districts takes an installation token (token create --installation). Its scopes: ${operatorScopes.join(', ')}.`,
    );
  }
  if (input.scopes.length === 0) {
    throw new DirectoryError('SCOPE_REQUIRED', `Give a token at least one scope: ${allowed.join(', ')}.`);
  }
  // In catalogue order, each once.
  const scopes = allowed.filter((scope) => input.scopes.includes(scope)) as (
    OperatorScope | InstallationScope
  )[];
  const districtId = input.districtId === null ? null : await findDistrict(db, input.districtId);
  const token = `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({
      district_id: districtId,
      id,
      name,
      token_hash: hashApiToken(token),
      scopes,
      created_by: input.createdBy,
    })
    .execute();
  return { id, districtId, name, scopes, token };
}

async function findDistrict(db: Kysely<Database>, districtId: string): Promise<string> {
  const district = isUuid(districtId)
    ? await db.selectFrom('districts').select('id').where('id', '=', districtId).executeTakeFirst()
    : undefined;
  if (!district) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${districtId}.`);
  return district.id;
}
