import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';

/**
 * Refuses an email or mobile another person of the district holds (SPEC §6: credentials are
 * unique among the district's people; archived people keep theirs, since they come back with
 * the same identity). Values are already normalised (lower-case email, E.164 mobile).
 */
export async function checkCredentialsFree(
  db: Kysely<Database>,
  districtId: string,
  personId: string | null,
  credentials: { email?: string | null; mobile?: string | null },
): Promise<void> {
  for (const field of ['email', 'mobile'] as const) {
    const value = credentials[field];
    if (!value) continue;
    let query = db
      .selectFrom('people')
      .select('id')
      .where('district_id', '=', districtId)
      .where(field, '=', value);
    if (personId) query = query.where('id', '!=', personId);
    const holder = await query.executeTakeFirst();
    if (holder) {
      throw new DirectoryError(
        'CREDENTIAL_IN_USE',
        `The ${field} ${value} belongs to another person of the district: emails and mobiles sign people in, so each is unique in a district (SPEC §6).`,
      );
    }
  }
}
