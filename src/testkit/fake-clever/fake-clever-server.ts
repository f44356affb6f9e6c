import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCleverData, recordDistrict } from './answer-clever-data.ts';
import { answerOauthTokens } from './answer-oauth-tokens.ts';
import {
  cleverResources,
  type CleverData,
  type CleverEvent,
  type CleverEventType,
  type CleverRecord,
} from './clever-data.ts';
import { createCleverRateLimit } from './clever-rate-limit.ts';
import { cannotGetPage, cleverError, gatewayErrorPage, type CleverReply } from './clever-reply.ts';
import { matchCleverRoute } from './clever-route.ts';
import type { FakeCleverFaults } from './fake-clever-faults.ts';
import { recordCleverEvent } from './record-clever-event.ts';

/** The token every district gets when `tokens` is not given. */
export const defaultFakeCleverToken = 'fake-district-token';
/** The app credentials when `clients` is not given. */
export const defaultFakeCleverClient = { clientId: 'fake-client', secret: 'fake-secret' } as const;
/** Clever's documented budget: 1200 requests per minute per bearer token. */
const cleverRequestsPerMinute = 1200;

export interface FakeCleverOptions {
  /** What to serve; the server sorts each array by id in place and keeps it as `FakeClever.data`. */
  data: CleverData;
  /** Default 0: any free port (read it from `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Bearer token → the district it reads. Default: `fake-district-token` for the first district
   * (by id), and with several districts also `fake-district-token-<districtId>` for each.
   */
  tokens?: Record<string, string>;
  /** App client id → secret, for `/oauth/tokens`. Default `fake-client` / `fake-secret`. */
  clients?: Record<string, { secret: string }>;
  faults?: FakeCleverFaults;
  /** The clock of rate-limit windows and event timestamps. Default: the real one. */
  now?: () => Date;
  /** Requests per one-minute window before 429, as Clever does. Default 1200 (Clever's). */
  rateLimitPerMinute?: number;
}

/** One request the fake received; `status` 0 for a request left hanging (`timeoutPaths`). */
export interface RecordedRequest {
  method: string;
  /** Path and query as requested. */
  path: string;
  status: number;
}

export interface FakeClever {
  /** `http://127.0.0.1:<port>`: the Data API is under `/v3.0` and `/v3.1`, tokens at `/oauth/tokens`. */
  readonly url: string;
  /** Every request in arrival order (clear it with `requests.length = 0`). */
  readonly requests: RecordedRequest[];
  /** The bearer tokens it accepts → their district. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The app credentials `/oauth/tokens` accepts. */
  readonly clients: Readonly<Record<string, { secret: string }>>;
  /**
   * The served records, read on every request: edit them between requests (push, splice,
   * replace the array) or, better, through `recordEvent`. The server re-sorts an array by id
   * when its length changed; an edit that keeps the length must keep the id order.
   */
  data: CleverData;
  /** Replaces the faults and restarts their counters (rate-limit budget, failed-page count). */
  setFaults(faults: FakeCleverFaults): void;
  /** Records a Clever event and applies it to `data` (see `recordCleverEvent`). */
  recordEvent(
    type: CleverEventType,
    object: CleverRecord,
    previousAttributes?: Record<string, unknown>,
  ): CleverEvent;
  /** Stops listening and drops open connections (hanging requests included). */
  close(): Promise<void>;
}

/**
 * Starts a fake Clever Data API (v3.0 and v3.1) over real HTTP, for tests of the Clever client
 * and for `rostersync bench`: Clever's envelopes, relative links and range paging, district
 * tenancy by bearer token, `/me`, `/oauth/tokens`, `X-RateLimit-*` headers, and faults
 * switchable while it runs.
 */
export async function startFakeClever(options: FakeCleverOptions): Promise<FakeClever> {
  const clock = options.now ?? (() => new Date());
  const tokens = options.tokens ?? defaultFakeCleverTokens(options.data);
  const clients = options.clients ?? {
    [defaultFakeCleverClient.clientId]: { secret: defaultFakeCleverClient.secret },
  };
  const tokensCreated = clock().toISOString();
  const rateLimit = createCleverRateLimit(
    () => clock().getTime(),
    options.rateLimitPerMinute ?? cleverRequestsPerMinute,
  );
  const stopping = new AbortController();
  const sortedLengths = new WeakMap<object[], number>();
  let faults: FakeCleverFaults = options.faults ?? {};
  let failedPages = 0;

  const sortData = (): void => {
    const { data } = fake;
    for (const records of [...cleverResources.map((resource) => data[resource]), data.events]) {
      if (sortedLengths.get(records) === records.length) continue;
      if (!isSortedById(records)) records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      sortedLengths.set(records, records.length);
    }
  };

  const pageFault = (pathname: string, pageNumber: () => number): CleverReply | undefined => {
    const fault = faults.failPage;
    if (fault === undefined || fault.path !== pathname || failedPages >= (fault.times ?? 1)) return undefined;
    if (pageNumber() !== fault.page) return undefined;
    failedPages++;
    const status = fault.status ?? 502;
    return fault.bodyFormat === 'json' ? cleverError(status, 'Internal error') : gatewayErrorPage(status);
  };

  const decide = (
    request: IncomingMessage,
    url: URL,
  ): { reply: CleverReply; headers: Record<string, string> } => {
    const method = request.method ?? 'GET';
    const { pathname, searchParams: params } = url;
    if (pathname === '/oauth/tokens') {
      const authorization = request.headers.authorization;
      const reply = answerOauthTokens(
        { method, pathname, params, authorization },
        clients,
        tokens,
        tokensCreated,
      );
      return { reply, headers: rateLimit.peek(faults) };
    }
    const route = matchCleverRoute(pathname);
    if (route === null) return { reply: cannotGetPage(method, pathname), headers: rateLimit.peek(faults) };
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const districtId = token === undefined ? undefined : tokens[token];
    if (districtId === undefined) {
      const message = token === undefined ? 'Missing bearer token' : 'Invalid bearer token';
      return { reply: cleverError(401, message), headers: rateLimit.peek(faults) };
    }
    const verdict = rateLimit.take(faults);
    if (verdict.isLimited)
      return { reply: cleverError(429, 'Rate limit exceeded'), headers: verdict.headers };
    sortData();
    const reply = answerCleverData(fake.data, {
      route,
      districtId,
      method,
      pathname,
      target: request.url ?? pathname,
      params,
      faults,
      pageFault: (pageNumber) => pageFault(pathname, pageNumber),
    });
    return { reply, headers: verdict.headers };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    request.resume();
    const target = request.url ?? '/';
    const url = new URL(target, 'http://fake-clever.invalid');
    const method = request.method ?? 'GET';
    if (faults.timeoutPaths?.includes(url.pathname)) {
      fake.requests.push({ method, path: target, status: 0 });
      return;
    }
    const delayMs = faults.delayMs ?? 0;
    if (delayMs > 0) await sleep(delayMs, stopping.signal);
    if (response.destroyed) return;
    let answer: ReturnType<typeof decide>;
    try {
      answer = decide(request, url);
    } catch (error) {
      // A bug in the fake must show up in the test that met it, not kill the process.
      console.error('fake Clever server: request failed', error);
      answer = { reply: cleverError(500, 'Internal server error'), headers: {} };
    }
    const { reply, headers } = answer;
    const isJson = 'json' in reply;
    const body = isJson ? JSON.stringify(reply.json) : reply.html;
    response.writeHead(reply.status, {
      'Content-Type': isJson ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...headers,
    });
    response.end(body);
    fake.requests.push({ method, path: target, status: reply.status });
  };

  const server = createServer((request, response) => void handle(request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakeClever = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests: [],
    tokens,
    clients,
    data: options.data,
    setFaults(next) {
      faults = next;
      failedPages = 0;
      rateLimit.reset();
    },
    recordEvent(type, object, previousAttributes) {
      sortData();
      const event = recordCleverEvent(fake.data, type, object, previousAttributes, clock());
      sortData();
      return event;
    },
    close() {
      stopping.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

/** The tokens a server gets when none are given (see `FakeCleverOptions.tokens`). */
export function defaultFakeCleverTokens(data: CleverData): Record<string, string> {
  let districtIds = data.districts.map((district) => district.id);
  if (districtIds.length === 0) {
    // Recorded folders may lack districts.json: the records still name their district.
    const named = new Set<string>();
    for (const resource of cleverResources) {
      for (const record of data[resource]) {
        const district = recordDistrict(resource, record);
        if (typeof district === 'string') named.add(district);
      }
    }
    districtIds = [...named];
  }
  districtIds.sort();
  const tokens: Record<string, string> = { [defaultFakeCleverToken]: districtIds[0] ?? '' };
  if (districtIds.length > 1) {
    for (const id of districtIds) tokens[`${defaultFakeCleverToken}-${id}`] = id;
  }
  return tokens;
}

function isSortedById(records: readonly { id: string }[]): boolean {
  for (let index = 1; index < records.length; index++) {
    if (records[index - 1]!.id > records[index]!.id) return false;
  }
  return true;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
