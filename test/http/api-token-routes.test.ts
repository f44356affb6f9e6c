import { describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;

function asAdmin(cookie: string, method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) {
  return api.app.inject({ method, url: url(path), headers: { cookie }, ...(payload ? { payload } : {}) });
}

describe('API tokens made by a district admin over the API', () => {
  it('makes a token once, lists it without its secret, and revokes it so it stops working', async () => {
    const cookie = await api.signInAdmin(api.a);
    const created = await asAdmin(cookie, 'POST', '/api-tokens', {
      name: 'host app',
      scopes: ['directory:read', 'changes:read'],
    });
    expect(created.statusCode).toBe(201);
    const token = created.json<{ id: string; token: string; scopes: string[] }>();
    expect(token.token).toMatch(/^rs_/);
    expect(token.scopes).toEqual(['directory:read', 'changes:read']);
    expect((await api.call(token.token, 'GET', url('/people?limit=1'))).statusCode).toBe(200);
    expect((await api.call(token.token, 'GET', url('/runs'))).statusCode).toBe(403);

    const listed = await asAdmin(cookie, 'GET', '/api-tokens');
    const items = listed.json<{ items: Record<string, unknown>[] }>().items;
    expect(items).toContainEqual(
      expect.objectContaining({ id: token.id, name: 'host app', revokedAt: null }),
    );
    expect(listed.body).not.toContain(token.token);

    const revoked = await asAdmin(cookie, 'DELETE', `/api-tokens/${token.id}`);
    expect(revoked.statusCode).toBe(200);
    expect((await api.call(token.token, 'GET', url('/people?limit=1'))).statusCode).toBe(401);

    const history = await api.harness.store.db
      .selectFrom('audit_log')
      .select(['entity', 'action', 'actor_type', 'after'])
      .where('district_id', '=', api.a.districtId)
      .where('record_id', '=', token.id)
      .orderBy('id')
      .execute();
    expect(history.map((row) => [row.entity, row.action, row.actor_type])).toEqual([
      ['apiTokens', 'create', 'user'],
      ['apiTokens', 'remove', 'user'],
    ]);
    expect(JSON.stringify(history)).not.toContain(token.token);
  });

  it('is refused to tokens, and to scopes a district token cannot have', async () => {
    const byToken = await api.call(api.a.token, 'POST', url('/api-tokens'), {
      name: 'self-made',
      scopes: ['directory:read'],
    });
    expect(byToken.statusCode).toBe(403);
    const cookie = await api.signInAdmin(api.a);
    const installationScope = await asAdmin(cookie, 'POST', '/api-tokens', {
      name: 'provisioning',
      scopes: ['districts:write'],
    });
    expect(installationScope.statusCode).toBe(400);
    const otherDistrictsToken = await asAdmin(cookie, 'DELETE', `/api-tokens/${api.b.tokenId}`);
    expect(otherDistrictsToken.statusCode).toBe(404);
  });
});
