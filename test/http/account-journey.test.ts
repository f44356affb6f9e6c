import { describe, expect, it } from 'vitest';
import { grantRole } from '../../src/accounts/grant-role.ts';
import { invitePerson } from '../../src/accounts/invite-person.ts';
import { useApiFixture, type ApiDistrict } from './api-fixture.ts';

const fixture = useApiFixture();

/** Invites the person with this email (as rostersync itself), accepts and signs in over the API. */
async function activateAndSignIn(
  district: ApiDistrict,
  email: string,
): Promise<{ personId: string; cookie: string }> {
  const { db } = fixture.harness.store;
  const person = await db
    .selectFrom('people')
    .select('id')
    .where('district_id', '=', district.districtId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const system = { kind: 'system', districtId: district.districtId } as const;
  const invitation = await invitePerson(db, {
    districtId: district.districtId,
    personId: person.id,
    actor: system,
  });
  const base = `/api/v1/districts/${district.districtId}`;
  const password = 'a long and private passphrase';
  const accepted = await fixture.app.inject({
    method: 'POST',
    url: `${base}/invitations/accept`,
    payload: { token: invitation.token, password },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const signedIn = await fixture.app.inject({
    method: 'POST',
    url: `${base}/sessions`,
    payload: { credential: email, password },
  });
  expect(signedIn.statusCode, signedIn.body).toBe(201);
  return { personId: person.id, cookie: String(signedIn.headers['set-cookie']).split(';')[0]! };
}

function editContacts(
  district: ApiDistrict,
  cookie: string,
  personId: string,
  details: Record<string, unknown>,
) {
  return fixture.app.inject({
    method: 'PATCH',
    url: `/api/v1/districts/${district.districtId}/people/${personId}/contact-details`,
    headers: { cookie },
    payload: { details },
  });
}

describe('the account journey (SPEC §6, §7)', () => {
  it('invite → activate → self-edit allowed or refused per setting → USERS_MANAGER edit → next sync', async () => {
    const district = fixture.a;
    const { cli, sync, exportOf, store } = fixture.harness;

    // The sync is enabled: its records follow SPEC §3 and §6 (a disabled sync lifts them).
    expect((await cli('config', 'set', district.configId, 'enabled=true')).code).toBe(0);
    // A guardian is invited, activates, and edits her own mobile: allowed while the school
    // leaves active users' contact details to them (updateActiveContacts off, the default).
    const rosa = await activateAndSignIn(district, 'rosa@example.com');
    const own = await editContacts(district, rosa.cookie, rosa.personId, { mobile: '+1 312 555 0177' });
    expect(own.statusCode, own.body).toBe(200);

    // A staff member with USERS_MANAGER edits her home phone.
    const alan = await activateAndSignIn(district, 'aturing@springfield.example.org');
    await grantRole(store.db, {
      districtId: district.districtId,
      personId: alan.personId,
      role: 'users_manager',
      actor: { kind: 'system', districtId: district.districtId },
    });
    const managed = await editContacts(district, alan.cookie, rosa.personId, {
      homePhone: '+1 312 555 0188',
    });
    expect(managed.statusCode, managed.body).toBe(200);

    // The next sync leaves an active user's details alone and says what it skipped.
    const next = await sync(district.configId);
    expect(next.code).toBe(0);
    expect(
      next.summary.findings.filter((f) => f.code === 'CONTACT_UPDATE_SKIPPED').map((f) => f.sisId),
    ).toContain('P5');
    const kept = (await exportOf(district.districtId)).people.find((p) => p.id === rosa.personId)!;
    expect(kept).toMatchObject({ mobile: '+13125550177', homePhone: '+13125550188', accountState: 'active' });

    // The school takes contact details over: edits by hand are refused with the reason…
    expect((await cli('config', 'set', district.configId, 'updateActiveContacts=true')).code).toBe(0);
    for (const [cookie, who] of [
      [rosa.cookie, 'herself'],
      [alan.cookie, 'the users manager'],
    ] as const) {
      const refused = await editContacts(district, cookie, rosa.personId, { mobile: '+1 312 555 0199' });
      expect(refused.statusCode, `${who}: ${refused.body}`).toBeGreaterThanOrEqual(400);
      expect(refused.json().error.code, who).toBe('CONTACTS_MANAGED_BY_SCHOOL');
    }
    // …and the next sync brings the source's values back (the SIS has no phone for her).
    const taken = await sync(district.configId);
    expect(taken.code).toBe(0);
    const synced = (await exportOf(district.districtId)).people.find((p) => p.id === rosa.personId)!;
    expect(synced).toMatchObject({ mobile: null, homePhone: null });
  });
});
