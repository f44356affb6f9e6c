import type { Kysely } from 'kysely';
import { operatorScopes } from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { createApiToken, type CreatedApiToken } from './create-api-token.ts';

/** The name of the token `serve --demo` makes; earlier ones of that name are revoked. */
export const demoTokenName = 'demo (serve --demo)';

/**
 * A fresh token with every scope for the demo district, printed once by `serve --demo` so the
 * API can be tried at once. Each start revokes the previous demo token (it was shown once and
 * may be lost) and makes a new one, so only one demo token works at a time.
 */
export async function issueDemoToken(db: Kysely<Database>, districtId: string): Promise<CreatedApiToken> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('district_id', '=', districtId)
    .where('name', '=', demoTokenName)
    .where('revoked_at', 'is', null)
    .execute();
  return createApiToken(db, {
    districtId,
    name: demoTokenName,
    scopes: operatorScopes,
    createdBy: 'serve --demo',
  });
}
