import { describe, expect, it } from 'vitest';
import { inviteDemoAdmin } from '../../src/http/invite-demo-admin.ts';
import { issueDemoToken } from '../../src/http/tokens/issue-demo-token.ts';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();

describe('serve --demo’s ways in', () => {
  it('makes a staff member district admin and invites them until they have accepted', async () => {
    const { db } = api.harness.store;
    const first = await inviteDemoAdmin(db, api.a.districtId);
    expect(first).toMatchObject({ email: 'dscully@springfield.example.org' });
    expect(first?.activationPath).toBe(`/activate?token=${encodeURIComponent(first!.token!)}`);
    const again = await inviteDemoAdmin(db, api.a.districtId);
    expect(again?.personId).toBe(first?.personId);
    expect(again?.token).not.toBe(first?.token);

    const url = `/api/v1/districts/${api.a.districtId}/invitations/accept`;
    const password = 'correct horse battery staple';
    const old = await api.app.inject({ method: 'POST', url, payload: { token: first!.token, password } });
    expect(old.statusCode).toBe(410);
    const accepted = await api.app.inject({
      method: 'POST',
      url,
      payload: { token: again!.token, password },
    });
    expect(accepted.statusCode).toBe(200);
    expect(await inviteDemoAdmin(db, api.a.districtId)).toEqual({
      personId: first!.personId,
      email: 'dscully@springfield.example.org',
      activationPath: null,
      token: null,
    });
  });

  it('issues one working demo token at a time', async () => {
    const { db } = api.harness.store;
    const first = await issueDemoToken(db, api.a.districtId);
    const second = await issueDemoToken(db, api.a.districtId);
    const url = `/api/v1/districts/${api.a.districtId}`;
    expect((await api.call(first.token, 'GET', url)).statusCode).toBe(401);
    expect((await api.call(second.token, 'GET', url)).statusCode).toBe(200);
  });
});
