import { describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;
const as = (cookie: string, method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) =>
  api.app.inject({ method, url: path, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('accounts over the API', () => {
  it('signs a district admin in with a cookie, and out again', async () => {
    const signIn = await api.app.inject({
      method: 'POST',
      url: url('/sessions'),
      payload: { credential: 'nobody@example.org', password: 'whatever it is' },
    });
    expect(signIn.statusCode).toBe(401);
    expect(errorOf(signIn).code).toBe('SIGN_IN_FAILED');

    const cookie = await api.signInAdmin(api.a);
    expect(cookie).toMatch(/^rostersync_session=/);
    const me = await as(cookie, 'GET', url('/sessions/current'));
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'person', grants: [{ role: 'district_admin' }] });
    // A district admin may do everything in the district, the API's operations included.
    expect((await as(cookie, 'GET', url('/runs?limit=1'))).statusCode).toBe(200);
    expect((await as(cookie, 'GET', `/api/v1/districts/${api.b.districtId}`)).statusCode).toBe(404);

    const out = await as(cookie, 'DELETE', url('/sessions/current'));
    expect(out.json()).toEqual({ wasSignedIn: true });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await as(cookie, 'GET', url('/sessions/current'))).statusCode).toBe(401);
  });

  it('sets the session cookie HttpOnly, Secure and SameSite=Strict', async () => {
    const cookie = await api.signInAdmin(api.a, 'aturing@springfield.example.org');
    const again = await api.app.inject({
      method: 'POST',
      url: url('/sessions'),
      payload: { credential: 'aturing@springfield.example.org', password: 'correct horse battery staple' },
    });
    expect(again.statusCode).toBe(201);
    expect(String(again.headers['set-cookie'])).toMatch(/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    expect(again.body).not.toContain(cookie.split('=')[1]);
  });

  it('lets a district admin invite people and give and take back grants; tokens may not', async () => {
    const cookie = await api.signInAdmin(api.a, 'alovelace@springfield.example.org');
    const exported = await api.harness.exportOf(api.a.districtId);
    const hopper = exported.people.find((person) => person.email === 'ghopper@springfield.example.org')!;

    const invited = await as(cookie, 'POST', url(`/people/${hopper.id}/invitations`));
    expect(invited.statusCode).toBe(201);
    const invitation = invited.json<{ personId: string; token: string; activationPath: string }>();
    expect(invitation.personId).toBe(hopper.id);
    expect(invitation.activationPath).toContain(encodeURIComponent(invitation.token));
    const byToken = await api.call(api.a.token, 'POST', url(`/people/${hopper.id}/invitations`));
    expect(byToken.statusCode).toBe(403);
    expect(errorOf(byToken).message).toBe(
      'API tokens cannot manage accounts: only district admins invite people and give grants.',
    );

    const school = api.a.schools['Lincoln Elementary']!;
    const granted = await as(cookie, 'POST', url(`/people/${hopper.id}/grants`), {
      role: 'school_leader',
      schoolId: school,
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ isNew: true, grant: { role: 'school_leader', schoolId: school } });
    const listed = await as(cookie, 'GET', url(`/grants?personId=${hopper.id}`));
    expect(listed.json<{ grants: unknown[] }>().grants).toHaveLength(1);
    const otherSchool = await as(cookie, 'POST', url(`/people/${hopper.id}/grants`), {
      role: 'school_leader',
      schoolId: api.b.schools['Lincoln Elementary'],
    });
    expect(otherSchool.statusCode).toBe(404);
    const revoked = await as(cookie, 'POST', url(`/people/${hopper.id}/grants/revoke`), {
      role: 'school_leader',
      schoolId: school,
    });
    expect(revoked.statusCode).toBe(200);
    const badRole = await as(cookie, 'POST', url(`/people/${hopper.id}/grants`), { role: 'king' });
    expect(badRole.statusCode).toBe(400);
    expect(errorOf(badRole).code).toBe('REQUEST_INVALID');
  });

  it('refuses a used, unknown or weak invitation with the account codes', async () => {
    const unknown = await api.app.inject({
      method: 'POST',
      url: url('/invitations/accept'),
      payload: { token: 'nope', password: 'correct horse battery staple' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('INVITATION_UNKNOWN');
  });
});
