import type { Kysely } from 'kysely';
import { grantRole } from '../accounts/grant-role.ts';
import { activationPath, invitePerson } from '../accounts/invite-person.ts';
import type { Database } from '../store/database-schema.ts';

export interface DemoAdminAccess {
  personId: string;
  email: string;
  /** The console's activation path with a fresh invitation token; null when the admin is active already. */
  activationPath: string | null;
  /** The invitation token (for the API's accept operation); null when the admin is active already. */
  token: string | null;
}

/**
 * Gives the demo district a district admin and a first-login link, so `serve --demo` can be
 * tried as a person: the district's admin if it has one, else its first staff member with an
 * email (administrators first) becomes one. Until they have accepted, each start invites them
 * afresh (the new link revokes the old one); once they are active they sign in with their
 * password and no link is made. Granted and invited by rostersync itself.
 */
export async function inviteDemoAdmin(
  db: Kysely<Database>,
  districtId: string,
): Promise<DemoAdminAccess | null> {
  const system = { kind: 'system', districtId } as const;
  const admin = await db
    .selectFrom('person_grants as g')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'g.person_id').on('p.district_id', '=', districtId),
    )
    .select(['p.id', 'p.email', 'p.account_state'])
    .where('g.district_id', '=', districtId)
    .where('g.role', '=', 'district_admin')
    .where('p.email', 'is not', null)
    .where('p.archived_at', 'is', null)
    .orderBy('p.id')
    .executeTakeFirst();
  const person =
    admin ??
    (await db
      .selectFrom('people as p')
      .innerJoin('person_roles as r', (join) =>
        join.onRef('r.person_id', '=', 'p.id').on('r.district_id', '=', districtId),
      )
      .select(['p.id', 'p.email', 'p.account_state'])
      .where('p.district_id', '=', districtId)
      .where('r.role', '=', 'staff')
      .where('p.email', 'is not', null)
      .where('p.archived_at', 'is', null)
      .orderBy((eb) => eb.case().when('r.kind', '=', 'administrator').then(0).else(1).end())
      .orderBy('p.email')
      .executeTakeFirst());
  if (!person?.email) return null;
  if (!admin) await grantRole(db, { districtId, personId: person.id, role: 'district_admin', actor: system });
  if (person.account_state === 'active') {
    return { personId: person.id, email: person.email, activationPath: null, token: null };
  }
  const invitation = await invitePerson(db, { districtId, personId: person.id, actor: system });
  return {
    personId: person.id,
    email: person.email,
    activationPath: activationPath(invitation.token),
    token: invitation.token,
  };
}
