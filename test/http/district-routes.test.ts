import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const districtsUrl = '/api/v1/districts';
const errorOf = (response: LightMyRequestResponse) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;

interface District {
  id: string;
  name: string;
  timeZone: string;
}
interface DistrictPage {
  items: District[];
  next: string | null;
}

/** An installation token with both scopes, one that may only list, and one that may only create. */
let installation: { both: string; readOnly: string; writeOnly: string };

beforeAll(async () => {
  installation = {
    both: await api.installationToken(['districts:read', 'districts:write']),
    readOnly: await api.installationToken(['districts:read']),
    writeOnly: await api.installationToken(['districts:write']),
  };
});

/** Every district in the store, oldest first, as the API shows them. */
async function storedDistricts(): Promise<District[]> {
  const rows = await api.harness.store.db
    .selectFrom('districts')
    .select(['id', 'name', 'time_zone'])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.time_zone }));
}

function asAdmin(cookie: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return api.app.inject({
    method,
    url,
    headers: { cookie },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

describe('GET /api/v1/districts', () => {
  it('lists every district, oldest first and a page at a time, for an installation token', async () => {
    const seen: District[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const response = await api.call(
        installation.readOnly,
        'GET',
        `${districtsUrl}?limit=1${next ? `&cursor=${next}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const page: DistrictPage = response.json<DistrictPage>();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      next = page.next;
      pages += 1;
    } while (next !== null && pages < 20);
    expect(seen).toEqual(await storedDistricts());
    expect(seen.map((district) => district.name)).toEqual(
      expect.arrayContaining(['Springfield', 'Shelbyville']),
    );
  });

  it('lists only its own district for a district’s token and a district admin’s session', async () => {
    const stored = await storedDistricts();
    const own = (name: string, id: string): DistrictPage => ({
      items: [{ id, name, timeZone: stored.find((district) => district.id === id)!.timeZone }],
      next: null,
    });
    const byToken = await api.call(api.a.token, 'GET', districtsUrl);
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json()).toEqual(own('Springfield', api.a.districtId));
    const narrow = await api.call(await api.tokenWith(api.b, ['directory:read']), 'GET', districtsUrl);
    expect(narrow.json()).toEqual(own('Shelbyville', api.b.districtId));
    const bySession = await asAdmin(await api.signInAdmin(api.a), 'GET', districtsUrl);
    expect(bySession.statusCode).toBe(200);
    expect(bySession.json()).toEqual(own('Springfield', api.a.districtId));
  });

  it('needs directory:read of a district’s token and districts:read of an installation token', async () => {
    const feedOnly = await api.call(await api.tokenWith(api.a, ['changes:read']), 'GET', districtsUrl);
    expect(feedOnly.statusCode).toBe(403);
    expect(errorOf(feedOnly)).toEqual({
      code: 'FORBIDDEN',
      message:
        'This token lacks the scope directory:read, which this operation needs (it has: changes:read).',
      details: null,
    });
    const writeOnly = await api.call(installation.writeOnly, 'GET', districtsUrl);
    expect(writeOnly.statusCode).toBe(403);
    expect(errorOf(writeOnly)).toEqual({
      code: 'FORBIDDEN',
      message:
        'This installation token lacks the scope districts:read, which this operation needs (it has: districts:write).',
      details: null,
    });
  });

  it('refuses a cursor of the installation’s list to a district’s principal', async () => {
    const first = (
      await api.call(installation.readOnly, 'GET', `${districtsUrl}?limit=1`)
    ).json<DistrictPage>();
    expect(first.next).not.toBeNull();
    const crossed = await api.call(api.a.token, 'GET', `${districtsUrl}?cursor=${first.next}`);
    expect(crossed.statusCode).toBe(400);
    expect(errorOf(crossed).code).toBe('CURSOR_INVALID');
  });

  it('answers 401 without a principal', async () => {
    const response = await api.call(null, 'GET', districtsUrl);
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Send a valid API token (Authorization: Bearer rs_…) or sign in.',
      details: null,
    });
  });
});

describe('POST /api/v1/districts', () => {
  it('creates a district for an installation token with districts:write, and lists it', async () => {
    const created = await api.call(installation.both, 'POST', districtsUrl, {
      name: '  Capital City  ',
      timeZone: 'America/Chicago',
    });
    expect(created.statusCode).toBe(201);
    const district = created.json<District>();
    expect(district).toEqual({ id: expect.any(String), name: 'Capital City', timeZone: 'America/Chicago' });
    expect(await storedDistricts()).toContainEqual(district);
    const listed = await api.call(installation.both, 'GET', `${districtsUrl}?limit=500`);
    expect(listed.json<DistrictPage>().items.at(-1)).toEqual(district);

    const defaulted = await api.call(installation.writeOnly, 'POST', districtsUrl, { name: 'Ogdenville' });
    expect(defaulted.statusCode).toBe(201);
    expect(defaulted.json()).toEqual({
      id: expect.any(String),
      name: 'Ogdenville',
      timeZone: 'America/New_York',
    });
  });

  it('refuses a district’s token, a district admin’s session and an installation token without districts:write', async () => {
    const before = await storedDistricts();
    const body = { name: 'Not Created' };
    const required = {
      code: 'INSTALLATION_TOKEN_REQUIRED',
      message:
        'Only an installation token with districts:write may do this (token create --installation); a district’s token or session may not.',
      details: null,
    };
    const byToken = await api.call(api.a.token, 'POST', districtsUrl, body);
    expect(byToken.statusCode).toBe(403);
    expect(errorOf(byToken)).toEqual(required);
    const bySession = await asAdmin(
      await api.signInAdmin(api.b, 'dscully@springfield.example.org'),
      'POST',
      districtsUrl,
      body,
    );
    expect(bySession.statusCode).toBe(403);
    expect(errorOf(bySession)).toEqual(required);
    const readOnly = await api.call(installation.readOnly, 'POST', districtsUrl, body);
    expect(readOnly.statusCode).toBe(403);
    expect(errorOf(readOnly)).toEqual({
      code: 'FORBIDDEN',
      message:
        'This installation token lacks the scope districts:write, which this operation needs (it has: districts:read).',
      details: null,
    });
    expect((await api.call(null, 'POST', districtsUrl, body)).statusCode).toBe(401);
    expect(await storedDistricts()).toEqual(before);
  });

  it('answers a bad body with 400 and the error envelope', async () => {
    const before = await storedDistricts();
    const empty = await api.call(installation.both, 'POST', districtsUrl, { name: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty)).toEqual({
      code: 'REQUEST_INVALID',
      message: expect.stringMatching(/^The request's body is invalid: name: /),
      details: { issues: [{ in: 'body', path: 'name', message: expect.any(String) }] },
    });
    const unknownField = await api.call(installation.both, 'POST', districtsUrl, {
      name: 'X',
      region: 'west',
    });
    expect(unknownField.statusCode).toBe(400);
    expect(errorOf(unknownField).code).toBe('REQUEST_INVALID');
    const noBody = await api.call(installation.both, 'POST', districtsUrl);
    expect(noBody.statusCode).toBe(400);
    expect(errorOf(noBody).code).toBe('REQUEST_INVALID');
    const blank = await api.call(installation.both, 'POST', districtsUrl, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(errorOf(blank)).toEqual({
      code: 'DISTRICT_NAME_REQUIRED',
      message: 'A district needs a name.',
      details: null,
    });
    const zone = await api.call(installation.both, 'POST', districtsUrl, {
      name: 'X',
      timeZone: 'Mars/Olympus',
    });
    expect(zone.statusCode).toBe(400);
    expect(errorOf(zone)).toEqual({
      code: 'TIME_ZONE_INVALID',
      message: '"Mars/Olympus" is not an IANA time zone (e.g. America/Chicago).',
      details: null,
    });
    expect(await storedDistricts()).toEqual(before);
  });
});

describe('installation tokens on a district’s operations', () => {
  const refusal = {
    code: 'INSTALLATION_TOKEN_NOT_FOR_DISTRICT',
    message:
      'An installation token creates and lists districts; it acts on no district’s data. Use a token of the district (token create --district ID) or sign in.',
    details: null,
  };

  it('refuses them with 403 and no data, whether the district exists or not', async () => {
    const runs = await api.call(installation.both, 'GET', `${districtsUrl}/${api.a.districtId}/runs`);
    expect(runs.statusCode).toBe(403);
    expect(runs.json()).toEqual({ error: refusal });
    const missing = await api.call(
      installation.both,
      'GET',
      `${districtsUrl}/01900000-0000-7000-8000-0000000000ff/runs`,
    );
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({ error: refusal });
  });

  it('refuses them on every non-public operation of the OpenAPI document under a district', async () => {
    const document = (await api.call(null, 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
    }>();
    const swept: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!path.includes('{districtId}')) continue;
      for (const [method, operation] of Object.entries(methods)) {
        if (operation.security.length === 0) continue;
        // Every id of the path is district A's own; the body is never read.
        const url = path
          .replace('{districtId}', api.a.districtId)
          .replace('{configId}', api.a.configId)
          .replace('{runId}', api.a.runId)
          .replace('{personId}', api.a.personId)
          .replace('{classroomId}', api.a.classroomId);
        const response = await api.call(
          installation.both,
          method.toUpperCase() as 'GET',
          url,
          method === 'get' || method === 'delete' ? undefined : {},
        );
        expect({
          operation: operation.operationId,
          status: response.statusCode,
          body: response.json(),
        }).toEqual({
          operation: operation.operationId,
          status: 403,
          body: { error: refusal },
        });
        swept.push(operation.operationId);
      }
    }
    expect(swept).toContain('listRuns');
    expect(swept.length).toBeGreaterThanOrEqual(40);
  });
});
