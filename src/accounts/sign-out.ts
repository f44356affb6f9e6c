import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { readAccountToken } from './account-token.ts';

/**
 * Ends a session (the cookie's value). Returns whether one was open: signing out twice, or
 * with a cookie that is no session, is not an error, since either way the person is signed out.
 */
export async function signOut(
  db: Kysely<Database>,
  input: { sessionToken: string; now?: Date },
): Promise<{ wasSignedIn: boolean }> {
  const token = readAccountToken(input.sessionToken);
  if (!token) return { wasSignedIn: false };
  const ended = await db
    .updateTable('sessions')
    .set({ revoked_at: input.now ?? new Date() })
    .where('district_id', '=', token.districtId)
    .where('id_hash', '=', token.hash)
    .where('revoked_at', 'is', null)
    .returning('person_id')
    .execute();
  return { wasSignedIn: ended.length > 0 };
}
