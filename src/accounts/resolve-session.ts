import type { Kysely } from 'kysely';
import type { PersonPrincipal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { readAccountToken } from './account-token.ts';
import { loadPersonGrants } from './load-person-grants.ts';
import { lastSeenWriteIntervalMs, sessionIdleMs } from './session-lifetimes.ts';

/**
 * The person a session cookie signs in, with their grants as they are now (a grant given or
 * taken back counts from the next request), or null: not a session, revoked, past its absolute
 * end, idle too long, or its person archived or no longer active. Each use moves `last_seen_at`
 * (at most once a minute), so the idle lifetime slides while the absolute one does not.
 */
export async function resolveSession(
  db: Kysely<Database>,
  input: { sessionToken: string; now?: Date },
): Promise<PersonPrincipal | null> {
  const now = input.now ?? new Date();
  const token = readAccountToken(input.sessionToken);
  if (!token) return null;
  const session = await db
    .selectFrom('sessions as s')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 's.person_id').on('p.district_id', '=', token.districtId),
    )
    .select([
      's.person_id',
      's.expires_at',
      's.last_seen_at',
      's.revoked_at',
      'p.archived_at',
      'p.account_state',
    ])
    .where('s.district_id', '=', token.districtId)
    .where('s.id_hash', '=', token.hash)
    .executeTakeFirst();
  if (!session || session.revoked_at || session.archived_at || session.account_state !== 'active')
    return null;
  const time = now.getTime();
  const lastSeen = new Date(session.last_seen_at).getTime();
  if (new Date(session.expires_at).getTime() <= time || lastSeen + sessionIdleMs <= time) return null;
  if (time - lastSeen >= lastSeenWriteIntervalMs) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('district_id', '=', token.districtId)
      .where('id_hash', '=', token.hash)
      .execute();
  }
  return {
    kind: 'person',
    districtId: token.districtId,
    personId: session.person_id,
    grants: await loadPersonGrants(db, token.districtId, session.person_id),
  };
}
