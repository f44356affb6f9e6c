import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { PersonPrincipal } from '../../src/directory/principal.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { revokeApiToken } from '../../src/http/tokens/revoke-api-token.ts';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (districtId: string, rest = ''): string => `/api/v1/districts/${districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;

describe('authentication', () => {
  it('answers 401 without a token, with a malformed one, an unknown one and a revoked one', async () => {
    const { a } = api;
    expect(errorOf(await api.call(null, 'GET', url(a.districtId)))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Send a valid API token (Authorization: Bearer rs_…) or sign in.',
      details: null,
    });
    const basic = await api.app.inject({
      method: 'GET',
      url: url(a.districtId),
      headers: { authorization: 'Basic eDp5' },
    });
    expect(basic.statusCode).toBe(401);
    expect((await api.call('rs_not-a-token', 'GET', url(a.districtId))).statusCode).toBe(401);
    expect((await api.call(`${a.token}x`, 'GET', url(a.districtId))).statusCode).toBe(401);
    const token = await api.tokenWith(a, ['directory:read']);
    expect((await api.call(token, 'GET', url(a.districtId))).statusCode).toBe(200);
    const [row] = await api.harness.store.db
      .selectFrom('api_tokens')
      .select(['id', 'last_used_at'])
      .where('district_id', '=', a.districtId)
      .where('name', '=', 'narrow')
      .execute();
    expect(row?.last_used_at).not.toBeNull();
    await revokeApiToken(api.harness.store.db, { districtId: a.districtId, tokenId: row!.id });
    expect(errorOf(await api.call(token, 'GET', url(a.districtId))).code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 before looking at the district or the body', async () => {
    const response = await api.call(null, 'POST', url(api.b.districtId, '/schools'), { bad: true });
    expect(response.statusCode).toBe(401);
  });

  it('refuses an operation outside the token’s scopes with 403 naming the scope', async () => {
    const token = await api.tokenWith(api.a, ['changes:read']);
    const response = await api.call(token, 'POST', url(api.a.districtId, '/schools'), { name: 'X' });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: 'FORBIDDEN',
      message:
        'This token lacks the scope directory:write, which this operation needs (it has: changes:read).',
      details: null,
    });
    expect((await api.call(token, 'GET', url(api.a.districtId, '/changes?limit=1'))).statusCode).toBe(200);
  });

  it('answers another district’s path with 404, never 403, whatever the scopes', async () => {
    const token = await api.tokenWith(api.a, ['changes:read']);
    const response = await api.call(token, 'POST', url(api.b.districtId, '/schools'), { name: 'X' });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('DISTRICT_NOT_FOUND');
  });
});

describe('session cookies', () => {
  let app: FastifyInstance;
  const people: Record<string, PersonPrincipal> = {};
  beforeAll(async () => {
    people.admin = {
      kind: 'person',
      districtId: api.a.districtId,
      personId: api.a.personId,
      grants: [{ role: 'district_admin' }],
    };
    people.leader = {
      kind: 'person',
      districtId: api.a.districtId,
      personId: api.a.personId,
      grants: [{ role: 'school_leader', schoolId: Object.values(api.a.schools)[0]! }],
    };
    app = buildServer({
      store: api.harness.store,
      logger: false,
      resolveSession: async (session) => people[session] ?? null,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });
  const get = (cookie: string) =>
    app.inject({ method: 'GET', url: url(api.a.districtId), headers: { cookie } });

  it('lets a district admin in by session cookie', async () => {
    const response = await get('theme=dark; rostersync_session=admin');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: api.a.districtId, name: 'Springfield' });
  });

  it('refuses a person without the grant (403) and an unknown session (401)', async () => {
    expect(errorOf(await get('rostersync_session=leader'))).toEqual({
      code: 'FORBIDDEN',
      message: 'Only a district admin may do this (it needs directory:read).',
      details: null,
    });
    expect((await get('rostersync_session=nobody')).statusCode).toBe(401);
  });

  it('judges a request with an Authorization header by the header alone', async () => {
    const response = await app.inject({
      method: 'GET',
      url: url(api.a.districtId),
      headers: { cookie: 'rostersync_session=admin', authorization: 'Bearer rs_wrong' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('errors and headers', () => {
  it('answers an unknown route with the error shape', async () => {
    const response = await api.call(api.a.token, 'GET', '/api/v1/nothing');
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toEqual({
      code: 'ROUTE_NOT_FOUND',
      message: 'No operation GET /api/v1/nothing.',
      details: null,
    });
  });

  it('answers a malformed id, an unknown field and a bad query with REQUEST_INVALID and each issue', async () => {
    const { a } = api;
    const badId = await api.call(a.token, 'GET', url(a.districtId, '/runs/not-a-uuid'));
    expect(badId.statusCode).toBe(400);
    expect(errorOf(badId)).toMatchObject({
      code: 'REQUEST_INVALID',
      details: { issues: [{ in: 'path', path: 'runId' }] },
    });
    const unknownField = await api.call(a.token, 'POST', url(a.districtId, '/schools'), {
      name: 'X',
      color: 'red',
    });
    expect(unknownField.statusCode).toBe(400);
    expect(errorOf(unknownField)).toMatchObject({
      code: 'REQUEST_INVALID',
      details: { issues: [{ in: 'body', path: '' }] },
    });
    const badQuery = await api.call(a.token, 'GET', url(a.districtId, '/schools?limit=0&extra=1'));
    expect(badQuery.statusCode).toBe(400);
    expect(
      (errorOf(badQuery).details as { issues: { path: string }[] }).issues.map((i) => i.path).sort(),
    ).toEqual(['', 'limit']);
    const badJson = await api.app.inject({
      method: 'POST',
      url: url(a.districtId, '/schools'),
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(errorOf(badJson).code).toBe('REQUEST_INVALID');
  });

  it('refuses a JSON body over 1 MiB with 413', async () => {
    const response = await api.call(api.a.token, 'POST', url(api.a.districtId, '/schools'), {
      name: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('BODY_TOO_LARGE');
  });

  it('sends the security headers on every answer', async () => {
    for (const response of [
      await api.call(api.a.token, 'GET', url(api.a.districtId)),
      await api.call(null, 'GET', url(api.a.districtId)),
      await api.call(null, 'GET', '/health'),
    ]) {
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});
