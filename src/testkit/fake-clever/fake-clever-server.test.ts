import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../generator/generate-bundle.ts';
import type { CleverData, CleverRecord } from './clever-data.ts';
import { startFakeClever, type FakeClever, type FakeCleverOptions } from './fake-clever-server.ts';
import { loadCleverData } from './load-clever-data.ts';

interface Envelope {
  data: { data: CleverRecord; uri: string }[];
  links: { rel: string; uri: string }[];
}

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-fake-clever-'));
let districtA: CleverData;
let districtB: CleverData;
let idA: string;
let idB: string;
const tokens = { 'token-a': '', 'token-b': '' };
let fake: FakeClever | undefined;

beforeAll(async () => {
  await generateBundle({ students: 300, seed: 3, outDir: path.join(root, 'a'), format: 'clever-json' });
  await generateBundle({ students: 100, seed: 4, outDir: path.join(root, 'b'), format: 'clever-json' });
  districtA = await loadCleverData(path.join(root, 'a'));
  districtB = await loadCleverData(path.join(root, 'b', 'clever.json'));
  idA = districtA.districts[0]!.id;
  idB = districtB.districts[0]!.id;
  tokens['token-a'] = idA;
  tokens['token-b'] = idB;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Both districts in one server, fresh for each test (events change the data). */
function bothDistricts(): CleverData {
  const a = structuredClone(districtA);
  const b = structuredClone(districtB);
  return {
    districts: [...a.districts, ...b.districts],
    schools: [...a.schools, ...b.schools],
    users: [...b.users, ...a.users],
    sections: [...a.sections, ...b.sections],
    terms: [...a.terms, ...b.terms],
    courses: [...a.courses, ...b.courses],
    events: [],
  };
}

async function start(options: Partial<FakeCleverOptions> = {}): Promise<FakeClever> {
  fake = await startFakeClever({ data: bothDistricts(), tokens, ...options });
  return fake;
}

async function get(server: FakeClever, uri: string, token = 'token-a') {
  const response = await fetch(server.url + uri, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: isJson ? (JSON.parse(text) as unknown) : null,
  };
}

/** Follows `next` links from `uri` as a Clever client does, retrying a failed page once. */
async function collect(server: FakeClever, uri: string, token = 'token-a') {
  const ids: string[] = [];
  const pages: Envelope[] = [];
  let next: string | undefined = uri;
  while (next !== undefined) {
    let page = await get(server, next, token);
    if (page.status >= 500) page = await get(server, next, token);
    expect(page.status).toBe(200);
    const body = page.json as Envelope;
    pages.push(body);
    ids.push(...body.data.map((item) => item.data.id));
    next = body.links.find((link) => link.rel === 'next')?.uri;
  }
  return { ids, pages };
}

const sortedIds = (records: CleverRecord[]) => records.map((record) => record.id).sort();
const hasRole = (role: string) => (user: CleverRecord) =>
  (user.roles as Record<string, unknown>)[role] !== undefined;

describe('fake Clever server: listings', () => {
  it.each([7, 100, 333, 10_000])(
    'pages through every user of the district exactly once with limit=%i',
    async (limit) => {
      const server = await start();
      const { ids, pages } = await collect(server, `/v3.0/users?limit=${limit}`);
      expect(ids).toEqual(sortedIds(districtA.users));
      expect(pages.length).toBe(Math.ceil(districtA.users.length / limit));
      expect(pages.every((page) => page.data.length <= limit)).toBe(true);
      expect(pages[0]!.links.map((link) => link.rel)).toEqual(pages.length > 1 ? ['self', 'next'] : ['self']);
      expect(pages.at(-1)!.links.some((link) => link.rel === 'next')).toBe(false);
      expect(pages.slice(1).every((page) => page.links[1]?.rel === 'prev')).toBe(true);
    },
  );

  it('answers in Clever’s envelope with relative links, the cursor after the other parameters', async () => {
    const server = await start();
    const users = [...districtA.users].sort((a, b) => (a.id < b.id ? -1 : 1));
    const first = await get(server, '/v3.0/users?limit=25');
    expect(first.json).toEqual({
      data: users.slice(0, 25).map((user) => ({ data: user, uri: `/v3.0/users/${user.id}` })),
      links: [
        { rel: 'self', uri: '/v3.0/users?limit=25' },
        { rel: 'next', uri: `/v3.0/users?limit=25&starting_after=${users[24]!.id}` },
      ],
    });
    const second = await get(server, `/v3.1/users?limit=25&starting_after=${users[24]!.id}`);
    expect((second.json as Envelope).data[0]).toEqual({
      data: users[25],
      uri: `/v3.1/users/${users[25]!.id}`,
    });
    expect((second.json as Envelope).links).toEqual([
      { rel: 'self', uri: `/v3.1/users?limit=25&starting_after=${users[24]!.id}` },
      { rel: 'prev', uri: `/v3.1/users?limit=25&ending_before=${users[25]!.id}` },
      { rel: 'next', uri: `/v3.1/users?limit=25&starting_after=${users[49]!.id}` },
    ]);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('defaults to 100 records a page and refuses a limit over 10000 (413) or below 1 (400)', async () => {
    const server = await start();
    expect((await get(server, '/v3.0/users')).json).toMatchObject({ data: expect.any(Array) });
    expect(((await get(server, '/v3.0/users')).json as Envelope).data).toHaveLength(100);
    const tooLarge = await get(server, '/v3.0/users?limit=10001');
    expect([tooLarge.status, tooLarge.json]).toEqual([413, { error: 'limit must not exceed 10000' }]);
    expect((await get(server, '/v3.0/users?limit=0')).status).toBe(400);
    expect((await get(server, '/v3.0/users?limit=ten')).status).toBe(400);
  });

  it.each(['student', 'teacher', 'staff', 'district_admin', 'contact'])(
    'filters users by role=%s on the presence of roles.<role>',
    async (role) => {
      const server = await start();
      const { ids, pages } = await collect(server, `/v3.0/users?role=${role}&limit=40`);
      expect(ids).toEqual(sortedIds(districtA.users.filter(hasRole(role))));
      expect(ids.length).toBeGreaterThan(0);
      for (const link of pages.flatMap((page) => page.links).filter((link) => link.rel === 'next')) {
        expect(link.uri).toMatch(
          new RegExp(`^/v3\\.0/users\\?role=${role}&limit=40&starting_after=[0-9a-f]{24}$`),
        );
      }
    },
  );

  it('refuses an unknown role', async () => {
    const server = await start();
    expect((await get(server, '/v3.0/users?role=principal')).status).toBe(400);
  });

  it('serves the page before a record with ending_before, linking both ways', async () => {
    const server = await start();
    const users = sortedIds(districtA.users);
    const page = (await get(server, `/v3.0/users?limit=10&ending_before=${users[30]}`)).json as Envelope;
    expect(page.data.map((item) => item.data.id)).toEqual(users.slice(20, 30));
    expect(page.links).toEqual([
      { rel: 'self', uri: `/v3.0/users?limit=10&ending_before=${users[30]}` },
      { rel: 'prev', uri: `/v3.0/users?limit=10&ending_before=${users[20]}` },
      { rel: 'next', uri: `/v3.0/users?limit=10&starting_after=${users[29]}` },
    ]);
    const head = (await get(server, `/v3.0/users?limit=10&ending_before=${users[5]}`)).json as Envelope;
    expect(head.data.map((item) => item.data.id)).toEqual(users.slice(0, 5));
    expect(head.links.map((link) => link.rel)).toEqual(['self', 'next']);
  });

  it('lists schools, sections, terms, courses and the district, and serves one record with its links', async () => {
    const server = await start();
    for (const resource of ['schools', 'sections', 'terms', 'courses', 'districts'] as const) {
      expect((await collect(server, `/v3.0/${resource}?limit=20`)).ids).toEqual(
        sortedIds(districtA[resource]),
      );
    }
    const section = districtA.sections[0]!;
    const one = await get(server, `/v3.0/sections/${section.id}`);
    expect(one.json).toEqual({
      data: section,
      links: ['self', 'district', 'school', 'term', 'course', 'users'].map((rel) => ({
        rel,
        uri: rel === 'self' ? `/v3.0/sections/${section.id}` : `/v3.0/sections/${section.id}/${rel}`,
      })),
    });
  });
});

describe('fake Clever server: tokens and tenancy', () => {
  it('shows a token only its own district’s records', async () => {
    const server = await start();
    expect((await collect(server, '/v3.0/users?limit=500', 'token-b')).ids).toEqual(
      sortedIds(districtB.users),
    );
    expect((await collect(server, '/v3.0/districts', 'token-b')).ids).toEqual([idB]);
    const foreign = await get(server, `/v3.0/users/${districtA.users[0]!.id}`, 'token-b');
    expect([foreign.status, foreign.json]).toEqual([404, { error: 'Resource not found' }]);
    const me = await get(server, '/v3.0/me', 'token-b');
    expect(me.json).toEqual({
      type: 'district',
      data: { id: idB, district: idB, type: 'district' },
      links: [
        { rel: 'self', uri: '/me' },
        { rel: 'canonical', uri: `/v3.0/districts/${idB}` },
        { rel: 'district', uri: `/v3.0/districts/${idB}` },
      ],
    });
  });

  it('answers a bad or missing token with 401 JSON, still carrying the rate-limit headers', async () => {
    const server = await start();
    const bad = await get(server, '/v3.0/users', 'not-a-token');
    expect([bad.status, bad.json]).toEqual([401, { error: 'Invalid bearer token' }]);
    expect(bad.headers.get('x-ratelimit-bucket')).toBe('bearer');
    const missing = await fetch(`${server.url}/v3.0/users`);
    expect([missing.status, await missing.json()]).toEqual([401, { error: 'Missing bearer token' }]);
  });

  it('gives one default token per district when none are configured', async () => {
    fake = await startFakeClever({ data: structuredClone(districtA) });
    expect(fake.tokens).toEqual({ 'fake-district-token': idA });
    expect(fake.clients).toEqual({ 'fake-client': { secret: 'fake-secret' } });
    const both = await startFakeClever({ data: bothDistricts() });
    const [first, second] = [idA, idB].sort();
    expect(both.tokens).toEqual({
      'fake-district-token': first,
      [`fake-district-token-${first}`]: first,
      [`fake-district-token-${second}`]: second,
    });
    await both.close();
  });

  it('exchanges the app’s client id and secret for the district tokens at /oauth/tokens', async () => {
    const server = await start({ clients: { 'app-1': { secret: 's3cret' } } });
    const basic = (secret: string) => `Basic ${Buffer.from(`app-1:${secret}`).toString('base64')}`;
    const response = await fetch(`${server.url}/oauth/tokens?district=${idB}&owner_type=district`, {
      method: 'POST',
      headers: { authorization: basic('s3cret') },
    });
    const body = (await response.json()) as { data: Record<string, unknown>[]; links: unknown };
    expect(response.status).toBe(200);
    expect(body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          created: expect.any(String),
          owner: { type: 'district', id: idB },
          access_token: 'token-b',
          scopes: expect.arrayContaining(['read:students', 'read:student_contacts']),
        },
      ],
      links: [{ rel: 'self', uri: `/oauth/tokens?owner_type=district&district=${idB}` }],
    });
    const all = await fetch(`${server.url}/oauth/tokens?owner_type=district`, {
      headers: { authorization: basic('s3cret') },
    });
    expect(((await all.json()) as { data: { owner: { id: string } }[] }).data.map((t) => t.owner.id)).toEqual(
      [idA, idB],
    );
    const refused = await fetch(`${server.url}/oauth/tokens?owner_type=district`, {
      headers: { authorization: basic('wrong') },
    });
    expect([refused.status, await refused.json()]).toEqual([401, { error: 'invalid_client' }]);
  });
});

describe('fake Clever server: faults', () => {
  it('answers 429 after N requests until the reset passes, then serves again', async () => {
    let nowMs = Date.parse('2026-11-29T12:00:00.000Z');
    const server = await start({
      now: () => new Date(nowMs),
      faults: { rateLimitAfter: 3, rateLimitResetSeconds: 2 },
    });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await get(server, '/v3.0/schools');
      expect(ok.status).toBe(200);
      remaining.push(ok.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await get(server, '/v3.0/schools');
    expect([limited.status, limited.json]).toEqual([429, { error: 'Rate limit exceeded' }]);
    const resetAt = Number(limited.headers.get('x-ratelimit-reset'));
    expect(resetAt).toBe(nowMs / 1000 + 2);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    nowMs += 1000;
    expect((await get(server, '/v3.0/schools')).status).toBe(429);
    nowMs = resetAt * 1000;
    const again = await get(server, '/v3.0/schools');
    expect([again.status, again.headers.get('x-ratelimit-remaining')]).toEqual([200, '2']);
  });

  it('counts Clever’s 1200 requests a minute in the headers when no fault is set', async () => {
    const nowMs = Date.parse('2026-11-29T12:00:30.000Z');
    const server = await start({ now: () => new Date(nowMs) });
    const first = await get(server, '/v3.0/schools');
    expect(Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-ratelimit')))).toEqual(
      {
        'x-ratelimit-bucket': 'bearer',
        'x-ratelimit-limit': '1200',
        'x-ratelimit-remaining': '1199',
        'x-ratelimit-reset': String(nowMs / 1000 + 60),
      },
    );
  });

  it('fails page K of a listing once with an HTML 502, and the retry gets the page', async () => {
    const server = await start({ faults: { failPage: { path: '/v3.0/users', page: 3, times: 1 } } });
    const users = sortedIds(districtA.users);
    const { ids } = await collect(server, '/v3.0/users?limit=50');
    expect(ids).toEqual(users);
    const failed = server.requests.filter((request) => request.status !== 200);
    expect(failed).toEqual([
      { method: 'GET', path: `/v3.0/users?limit=50&starting_after=${users[99]}`, status: 502 },
    ]);
    server.setFaults({ failPage: { path: '/v3.0/users', page: 1, status: 503, times: Infinity } });
    for (let i = 0; i < 3; i++) {
      const down = await get(server, '/v3.0/users');
      expect([down.status, down.headers.get('content-type')]).toEqual([503, 'text/html; charset=utf-8']);
    }
    expect((await get(server, `/v3.0/users?starting_after=${users[99]}`)).status).toBe(200);
  });

  it('answers unknown paths with Clever’s HTML 404, and unknown ids too with htmlNotFound', async () => {
    const server = await start();
    const unknown = await get(server, '/v3.0/resources');
    expect([unknown.status, unknown.headers.get('content-type'), unknown.text]).toEqual([
      404,
      'text/html; charset=utf-8',
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n' +
        '<body>\n<pre>Cannot GET /v3.0/resources</pre>\n</body>\n</html>\n',
    ]);
    expect((await get(server, '/v2.1/students')).status).toBe(404);
    server.setFaults({ htmlNotFound: true });
    const missing = await get(server, '/v3.0/users/000000000000000000000000');
    expect([missing.status, missing.text]).toEqual([
      404,
      expect.stringContaining('<pre>Cannot GET /v3.0/users/'),
    ]);
  });

  it('delays answers by delayMs and leaves timeoutPaths hanging', async () => {
    const server = await start({ faults: { delayMs: 150 } });
    const started = performance.now();
    expect((await get(server, '/v3.0/districts')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    server.setFaults({ timeoutPaths: ['/v3.0/sections'] });
    await expect(
      fetch(`${server.url}/v3.0/sections`, {
        headers: { authorization: 'Bearer token-a' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(server.requests.at(-1)).toEqual({ method: 'GET', path: '/v3.0/sections', status: 0 });
  });
});

describe('fake Clever server: events', () => {
  it('records events, applies them to the data and serves them after a starting_after cursor', async () => {
    const server = await start({ now: () => new Date('2026-11-29T12:00:00.000Z') });
    const student = structuredClone(districtA.users.find(hasRole('student'))!);
    const roles = student.roles as { student: { grade: string } };
    const oldGrade = roles.student.grade;
    roles.student.grade = '12';
    const newcomer = {
      ...structuredClone(student),
      id: 'ffffffffffffffffffffff01',
      email: 'new@example.org',
    };
    const leaver = districtA.users.filter(hasRole('teacher'))[1]!;

    const created = server.recordEvent('users.created', newcomer);
    const updated = server.recordEvent('users.updated', student, { roles: { student: { grade: oldGrade } } });
    const deleted = server.recordEvent('users.deleted', leaver);
    expect([created.id < updated.id, updated.id < deleted.id]).toEqual([true, true]);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);

    const page = await get(server, `/v3.0/events?starting_after=${created.id}`);
    expect(page.json).toEqual({
      data: [
        {
          data: {
            created: '2026-11-29T12:00:00.000Z',
            data: { object: student, previous_attributes: { roles: { student: { grade: oldGrade } } } },
            id: updated.id,
            type: 'users.updated',
          },
          uri: `/v3.0/events/${updated.id}`,
        },
        {
          data: {
            created: '2026-11-29T12:00:00.000Z',
            data: { object: leaver },
            id: deleted.id,
            type: 'users.deleted',
          },
          uri: `/v3.0/events/${deleted.id}`,
        },
      ],
      links: [
        { rel: 'self', uri: `/v3.0/events?starting_after=${created.id}` },
        { rel: 'prev', uri: `/v3.0/events?ending_before=${updated.id}` },
      ],
    });
    expect(((await get(server, `/v3.0/users/${student.id}`)).json as { data: CleverRecord }).data).toEqual(
      student,
    );
    expect((await get(server, `/v3.0/users/${newcomer.id}`)).status).toBe(200);
    expect((await get(server, `/v3.0/users/${leaver.id}`)).status).toBe(404);
    expect((await collect(server, '/v3.0/users?limit=1000')).ids).toHaveLength(districtA.users.length);
    expect(((await get(server, '/v3.0/events')).json as Envelope).links).toEqual([
      { rel: 'self', uri: '/v3.0/events?' },
    ]);
    expect(((await get(server, '/v3.0/events', 'token-b')).json as Envelope).data).toEqual([]);
    expect(((await get(server, `/v3.0/events/${deleted.id}`)).json as { data: unknown }).data).toEqual(
      deleted,
    );
  });

  it('compares an unknown starting_after id as Clever does, or answers 404 when told to', async () => {
    const server = await start();
    const event = server.recordEvent(
      'schools.updated',
      { ...districtA.schools[0]!, name: 'Renamed' },
      { name: 'x' },
    );
    const before = await get(server, '/v3.0/events?starting_after=000000000000000000000000');
    expect((before.json as Envelope).data.map((item) => item.data.id)).toEqual([event.id]);
    server.setFaults({ isUnknownEventCursorNotFound: true });
    const gone = await get(server, '/v3.0/events?starting_after=000000000000000000000000');
    expect(gone.status).toBe(404);
    expect((await get(server, `/v3.0/events?starting_after=${event.id}`)).status).toBe(200);
  });
});
