import type { Kysely } from 'kysely';
import { isUuid } from '../../directory/change-cursor.ts';
import { DirectoryError } from '../../directory/directory-error.ts';
import type { Database } from '../../store/database-schema.ts';

/**
 * Revokes a token of a district, or an installation token when `districtId` is null: it
 * stops working at once. A token of the other kind, or of another district, is not found.
 * Revoking a revoked token changes nothing (and says when it was revoked).
 */
export async function revokeApiToken(
  db: Kysely<Database>,
  input: { districtId: string | null; tokenId: string; now?: Date },
): Promise<{ id: string; revokedAt: string }> {
  const notFound = new DirectoryError(
    'TOKEN_NOT_FOUND',
    input.districtId === null
      ? `No installation token ${input.tokenId}.`
      : `No token ${input.tokenId} in district ${input.districtId}.`,
  );
  if (!isUuid(input.tokenId) || (input.districtId !== null && !isUuid(input.districtId))) throw notFound;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'revoked_at'])
    .where('district_id', input.districtId === null ? 'is' : '=', input.districtId)
    .where('id', '=', input.tokenId)
    .executeTakeFirst();
  if (!row) throw notFound;
  if (row.revoked_at) return { id: row.id, revokedAt: new Date(row.revoked_at).toISOString() };
  const revokedAt = input.now ?? new Date();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: revokedAt })
    .where('id', '=', row.id)
    .where('revoked_at', 'is', null)
    .execute();
  return { id: row.id, revokedAt: revokedAt.toISOString() };
}
