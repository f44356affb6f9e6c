import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CleverClient } from './clever-client.ts';
import type { CleverClientOptions } from './clever-client.ts';
import { CleverCredentialsError, CleverRequestError } from './clever-http-error.ts';
import type { CleverNotice } from './clever-notice.ts';

// Shapes copied (tiny) from Clever's recorded v3.0 answers: list pages are
// { data: [{ data: {...}, uri }], links: [{ rel, uri }] } with root-relative next links, every
// answer carries X-RateLimit-* headers, and a district token's /me names the district.
const DISTRICT_ID = '58da8a43cc70ab00017a1a87';
const TOKEN = 'DEMO_DISTRICT_TOKEN_do_not_log';
const CLIENT_ID = 'demo-client-id';
const CLIENT_SECRET = 'DEMO_CLIENT_SECRET_do_not_log';
const NOW_MS = 1_682_376_220_000;
const CANNOT_GET_HTML =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n' +
  '<body>\n<pre>Cannot GET /v3.0/resources</pre>\n</body>\n</html>\n';

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

interface FakeServer {
  url: string;
  /** Path and query of every request, in order. */
  paths: string[];
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<FakeServer> {
  const paths: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    paths.push(url.pathname + url.search);
    authorizations.push(request.headers.authorization);
    handler(request, response, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}`,
    paths,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ratelimit-bucket': 'bearer',
    'x-ratelimit-limit': '1200',
    'x-ratelimit-remaining': '1196',
    'x-ratelimit-reset': String(NOW_MS / 1000 + 55),
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function districtMe(response: ServerResponse, districtId = DISTRICT_ID) {
  sendJson(response, 200, {
    type: 'district',
    data: { id: districtId },
    links: [{ rel: 'self', uri: '/me' }],
  });
}

function page(ids: string[], next?: string) {
  return {
    data: ids.map((id) => ({ data: { id, name: `Section ${id}` }, uri: `/v3.0/sections/${id}` })),
    links: [{ rel: 'self', uri: '/v3.0/sections' }, ...(next ? [{ rel: 'next', uri: next }] : [])],
  };
}

/** Options with a clock that sleeping advances, and every wait and notice recorded. */
function testOptions(baseUrl: string, overrides: Partial<CleverClientOptions> = {}) {
  const waits: number[] = [];
  const notices: CleverNotice[] = [];
  let clockMs = NOW_MS;
  const options: CleverClientOptions = {
    baseUrl,
    apiVersion: 'v3.0',
    districtId: DISTRICT_ID,
    token: TOKEN,
    sleep: async (ms) => {
      waits.push(ms);
      clockMs += ms;
    },
    now: () => clockMs,
    random: () => 0.999999,
    onNotice: (notice) => notices.push(notice),
    ...overrides,
  };
  return { options, waits, notices };
}

async function collect(client: CleverClient, resource: 'sections', query?: Record<string, string>) {
  const pages: string[][] = [];
  const result = await client.listAll(resource, query, (objects) => {
    pages.push(objects.map((object) => String(object.id)));
  });
  return { pages, result };
}

function expectNoSecret(error: unknown) {
  const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
}

describe('CleverClient paging', () => {
  it('follows relative next links across three pages, asking for 10,000 per page', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      const after = url.searchParams.get('starting_after');
      if (after == null)
        return sendJson(response, 200, page(['s1', 's2'], '/v3.0/sections?limit=10000&starting_after=s2'));
      if (after === 's2')
        return sendJson(response, 200, page(['s3', 's4'], '/v3.0/sections?limit=10000&starting_after=s4'));
      return sendJson(response, 200, page(['s5']));
    });
    const { options } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    const { pages, result } = await collect(client, 'sections');

    expect(result).toEqual({ isComplete: true, count: 5 });
    expect(pages).toEqual([['s1', 's2'], ['s3', 's4'], ['s5']]);
    expect(server.paths).toEqual([
      '/v3.0/me',
      '/v3.0/sections?limit=10000',
      '/v3.0/sections?limit=10000&starting_after=s2',
      '/v3.0/sections?limit=10000&starting_after=s4',
    ]);
    expect(new Set(server.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('passes query parameters and the API version, and yields whole events for /events', async () => {
    const event = {
      id: '64206e4431f12f05cc490775',
      type: 'schools.updated',
      created: '2023-03-26T16:09:40.000Z',
      data: {
        object: { id: '58da8c58155b940248000007', low_grade: 'TransitionalKindergarten' },
        previous_attributes: { low_grade: 'Kindergarten' },
      },
    };
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.1/me') return districtMe(response);
      sendJson(response, 200, {
        data: [{ data: event, uri: `/v3.1/events/${event.id}` }],
        links: [{ rel: 'self', uri: '/v3.1/events' }],
      });
    });
    const client = await CleverClient.connect(testOptions(server.url, { apiVersion: 'v3.1' }).options);

    const pages = [];
    for await (const objects of client.pages('events', {
      starting_after: '640df950d306111b2385f72b',
      limit: '500',
    })) {
      pages.push(objects);
    }

    expect(pages).toEqual([[event]]);
    expect(server.paths[1]).toBe('/v3.1/events?limit=500&starting_after=640df950d306111b2385f72b');
  });

  it('ends the listing incomplete when a next link points to another server (the token would go there)', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sendJson(response, 200, page(['s1'], 'https://elsewhere.example/v3.0/sections?starting_after=s1'));
    });
    const client = await CleverClient.connect(testOptions(server.url).options);

    const { result } = await collect(client, 'sections');

    expect(result).toMatchObject({ isComplete: false, count: 1 });
    expect(result.isComplete === false && result.reason).toContain('another server');
    expect(server.paths).toHaveLength(2);
  });
});

describe('CleverClient credentials', () => {
  it('exchanges client id and secret with Basic auth and picks the district’s token', async () => {
    const server = await serve((request, response, url) => {
      if (url.pathname === '/oauth/tokens') {
        const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        if (request.headers.authorization !== expected)
          return sendJson(response, 401, { error: 'invalid_client' });
        return sendJson(response, 200, {
          data: [
            {
              id: 't2',
              owner: { type: 'district', id: '5d0a9e5d0958b300014e49d2' },
              access_token: 'OTHER_DISTRICT_TOKEN',
              scopes: [],
            },
            {
              id: 't1',
              owner: { type: 'district', id: DISTRICT_ID },
              access_token: TOKEN,
              scopes: ['read:students_basic'],
            },
          ],
          links: [{ rel: 'self', uri: '/oauth/tokens?owner_type=district' }],
        });
      }
      if (request.headers.authorization !== `Bearer ${TOKEN}`)
        return sendJson(response, 401, { error: 'Unauthorized' });
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sendJson(response, 200, page(['s1']));
    });
    const { options } = testOptions(server.url, {
      token: undefined,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });

    const client = await CleverClient.connect(options);
    const { result } = await collect(client, 'sections');

    expect(result).toEqual({ isComplete: true, count: 1 });
    expect(server.paths[0]).toBe(`/oauth/tokens?owner_type=district&district=${DISTRICT_ID}`);
    expect(server.paths[1]).toBe('/v3.0/me');
  });

  it('refuses a bad client secret with CleverCredentialsError that does not hold the secret', async () => {
    const server = await serve((_request, response) => sendJson(response, 401, { error: 'invalid_client' }));
    const { options } = testOptions(server.url, {
      token: undefined,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });

    const error = await CleverClient.connect(options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CleverCredentialsError);
    expect(error).toMatchObject({ code: 'CLEVER_CREDENTIALS_REJECTED', status: 401 });
    expectNoSecret(error);
    expect(server.paths).toHaveLength(1); // 401 is never retried
  });

  it('refuses when the app has no token for the district', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 200, {
        data: [
          { id: 't2', owner: { type: 'district', id: 'another' }, access_token: 'OTHER_DISTRICT_TOKEN' },
        ],
      }),
    );
    const { options } = testOptions(server.url, {
      token: undefined,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });

    const error = await CleverClient.connect(options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CleverCredentialsError);
    expect((error as Error).message).toContain(DISTRICT_ID);
    expect((error as Error).message).not.toContain('OTHER_DISTRICT_TOKEN');
  });

  it('refuses a bad token with CleverCredentialsError, without the token in the message', async () => {
    // A server that echoes what it was sent must not get the token into the message either.
    const server = await serve((request, response) =>
      sendJson(response, 401, { error: `Invalid token ${request.headers.authorization ?? ''}` }),
    );

    const error = await CleverClient.connect(testOptions(server.url).options).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(CleverCredentialsError);
    expect((error as Error).message).toContain('HTTP 401');
    expect((error as Error).message).toContain('[redacted]');
    expectNoSecret(error);
  });

  it('refuses a token of another district, and a signed-in user’s token', async () => {
    const otherDistrict = await serve((_request, response) =>
      districtMe(response, '5d0a9e5d0958b300014e49d2'),
    );
    const teacher = await serve((_request, response) =>
      sendJson(response, 200, { type: 'user', data: { id: 'u1', district: DISTRICT_ID, type: 'teacher' } }),
    );

    const wrongDistrict = await CleverClient.connect(testOptions(otherDistrict.url).options).catch(
      (e: unknown) => e,
    );
    const userToken = await CleverClient.connect(testOptions(teacher.url).options).catch((e: unknown) => e);

    expect(wrongDistrict).toBeInstanceOf(CleverCredentialsError);
    expect((wrongDistrict as Error).message).toContain('5d0a9e5d0958b300014e49d2');
    expect(userToken).toBeInstanceOf(CleverCredentialsError);
    expect((userToken as Error).message).toContain('not a district-app token');
  });

  it('throws a 401 in the middle of a listing instead of returning a short listing', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      if (url.searchParams.has('starting_after')) return sendJson(response, 401, { error: 'Unauthorized' });
      sendJson(response, 200, page(['s1'], '/v3.0/sections?limit=10000&starting_after=s1'));
    });
    const client = await CleverClient.connect(testOptions(server.url).options);

    await expect(collect(client, 'sections')).rejects.toBeInstanceOf(CleverCredentialsError);
  });
});

describe('CleverClient retries', () => {
  it('waits until X-RateLimit-Reset after a 429, says so, then continues', async () => {
    let sectionCalls = 0;
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sectionCalls += 1;
      if (sectionCalls === 1) {
        return sendJson(
          response,
          429,
          { error: 'Too Many Requests' },
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(NOW_MS / 1000 + 30),
          },
        );
      }
      sendJson(response, 200, page(['s1']));
    });
    const { options, waits, notices } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    const { result } = await collect(client, 'sections');

    expect(result).toEqual({ isComplete: true, count: 1 });
    expect(waits).toEqual([30_000]);
    expect(notices).toEqual([
      { kind: 'rate_limited', path: '/v3.0/sections?limit=10000', waitMs: 30_000, trigger: 'status_429' },
    ]);
  });

  it('holds the next request until the reset when X-RateLimit-Remaining reaches 0', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') {
        return sendJson(
          response,
          200,
          { type: 'district', data: { id: DISTRICT_ID } },
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(NOW_MS / 1000 + 5),
          },
        );
      }
      sendJson(response, 200, page(['s1']));
    });
    const { options, waits, notices } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    await collect(client, 'sections');

    expect(waits).toEqual([5_000]);
    expect(notices).toEqual([
      { kind: 'rate_limited', path: '/v3.0/sections?limit=10000', waitMs: 5_000, trigger: 'remaining_zero' },
    ]);
  });

  it('backs off twice after two 502s, within the full-jitter bounds, then succeeds', async () => {
    let sectionCalls = 0;
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sectionCalls += 1;
      if (sectionCalls <= 2) {
        response.writeHead(502, { 'content-type': 'text/html' });
        return response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
      sendJson(response, 200, page(['s1', 's2']));
    });
    const { options, waits, notices } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    const { result } = await collect(client, 'sections');

    expect(result).toEqual({ isComplete: true, count: 2 });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThan(500); // attempt 1: [0, 500)
    expect(waits[1]).toBeLessThan(1000); // attempt 2: [0, 1000)
    expect(waits).toEqual([499, 999]); // random() = 0.999999
    expect(notices.map((notice) => notice.kind)).toEqual(['retrying', 'retrying']);
    expect(notices[0]).toMatchObject({ attempt: 1, reason: 'HTTP 502 Bad Gateway' });
  });

  it('ends a listing incomplete, with page 1’s count and the status, when page 2 keeps failing with 502', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      if (url.searchParams.has('starting_after')) {
        response.writeHead(502, { 'content-type': 'text/html' });
        return response.end('<html><body>Bad Gateway</body></html>');
      }
      sendJson(response, 200, page(['s1', 's2', 's3'], '/v3.0/sections?limit=10000&starting_after=s3'));
    });
    const { options, waits } = testOptions(server.url, { maxAttempts: 4 });
    const client = await CleverClient.connect(options);

    const { pages, result } = await collect(client, 'sections');

    expect(pages).toEqual([['s1', 's2', 's3']]);
    expect(result).toEqual({
      isComplete: false,
      count: 3,
      reason:
        'sections: page 2 failed after 3 objects were read: GET /v3.0/sections?limit=10000&starting_after=s3 ' +
        'failed after 4 attempts: HTTP 502 Bad Gateway: Bad Gateway',
    });
    expect(waits).toEqual([499, 999, 1999]);
  });

  it('retries a network error (the server drops the connection)', async () => {
    let sectionCalls = 0;
    const server = await serve((request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sectionCalls += 1;
      if (sectionCalls === 1) return request.socket.destroy();
      sendJson(response, 200, page(['s1']));
    });
    const { options, waits, notices } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    const { result } = await collect(client, 'sections');

    expect(result).toEqual({ isComplete: true, count: 1 });
    expect(waits).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'retrying', reason: expect.stringContaining('network error') });
  });

  it('retries a request that gets no answer, then fails naming the time-out', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      // never answers
    });
    const { options, waits } = testOptions(server.url, { requestTimeoutMs: 100, maxAttempts: 3 });
    const client = await CleverClient.connect(options);

    const error = await client.get('/sections/58da8c6a894273be68000182').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CleverRequestError);
    expect(error).toMatchObject({
      code: 'CLEVER_REQUEST_FAILED',
      failure: 'timeout',
      status: null,
      attempts: 3,
    });
    expect((error as Error).message).toBe(
      'GET /v3.0/sections/58da8c6a894273be68000182 failed after 3 attempts: no answer within 100 ms',
    );
    expect(waits).toHaveLength(2);
    expect(server.paths.filter((path) => path.startsWith('/v3.0/sections'))).toHaveLength(3);
  });

  it('times out a body that stalls half-way, as a page of 10,000 users may', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data": [{"data": {"id": "s1"}},'); // and nothing more
    });
    const { options } = testOptions(server.url, { requestTimeoutMs: 100, maxAttempts: 2 });
    const client = await CleverClient.connect(options);

    const { result } = await collect(client, 'sections');

    expect(result).toEqual({
      isComplete: false,
      count: 0,
      reason:
        'sections: page 1 failed after 0 objects were read: GET /v3.0/sections?limit=10000 failed after 2 attempts: ' +
        'HTTP 200 body not received within 100 ms',
    });
  });

  it('reads a root path as Clever’s links give it', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sendJson(response, 200, { data: { id: DISTRICT_ID, name: '#DEMO Certification ISD' }, links: [] });
    });
    const client = await CleverClient.connect(testOptions(server.url).options);

    const district = await client.get(`/v3.0/districts/${DISTRICT_ID}`);

    expect(district).toMatchObject({ data: { id: DISTRICT_ID } });
    expect(server.paths[1]).toBe(`/v3.0/districts/${DISTRICT_ID}`);
  });

  it('reports an HTML 404 body as text, without retrying and without a JSON parse crash', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(CANNOT_GET_HTML);
    });
    const client = await CleverClient.connect(testOptions(server.url).options);

    const error = await client.get('/resources').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CleverRequestError);
    expect(error).toMatchObject({ status: 404, attempts: 1, bodyExcerpt: 'Cannot GET /v3.0/resources' });
    expect((error as Error).message).toBe(
      'GET /v3.0/resources failed after 1 attempt: HTTP 404 Not Found: Cannot GET /v3.0/resources',
    );
  });

  it('fails a page whose 200 body is not JSON, after one retry', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data": [{"data": {"id": "s1"}}');
    });
    const { options, waits } = testOptions(server.url);
    const client = await CleverClient.connect(options);

    const { result } = await collect(client, 'sections');

    expect(result).toMatchObject({ isComplete: false, count: 0 });
    expect(result.isComplete === false && result.reason).toContain(
      'HTTP 200 with an unusable body (the body is not JSON)',
    );
    expect(waits).toHaveLength(1);
    expect(server.paths.filter((path) => path.startsWith('/v3.0/sections'))).toHaveLength(2);
  });

  it('fails a page whose 200 body is JSON of another shape', async () => {
    const server = await serve((_request, response, url) => {
      if (url.pathname === '/v3.0/me') return districtMe(response);
      sendJson(response, 200, { resources: [] });
    });
    const client = await CleverClient.connect(testOptions(server.url).options);

    const { result } = await collect(client, 'sections');

    expect(result.isComplete === false && result.reason).toContain('no data list');
  });
});
