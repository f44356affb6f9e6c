import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';

/** A token as `token list` shows it: never the token or its hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * The tokens of a district, or the installation tokens when `districtId` is null; oldest
 * first, revoked ones included.
 */
export async function listApiTokens(
  db: Kysely<Database>,
  districtId: string | null,
): Promise<ApiTokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'created_at', 'created_by', 'last_used_at', 'revoked_at'])
    .where('district_id', districtId === null ? 'is' : '=', districtId)
    .orderBy('id')
    .execute();
  const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  }));
}
