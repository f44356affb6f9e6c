import { setTimeout as delay } from 'node:timers/promises';
import { CleverCredentialsError, CleverRequestError } from './clever-http-error.ts';
import type { CleverApiVersion, CleverObject } from './clever-records.ts';
import type { CleverNotice } from './clever-notice.ts';
import { fetchCleverDistrictToken } from './fetch-clever-district-token.ts';
import { sendCleverRequest } from './send-clever-request.ts';
import type { CleverHttp } from './send-clever-request.ts';

/** Clever's OAuth token endpoint (it lives on clever.com, not on api.clever.com). */
export const CLEVER_TOKEN_URL = 'https://clever.com/oauth/tokens';
/** A request that has not answered in 30 s is stuck, even for a page of 10,000 users. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Six attempts of full-jitter backoff span roughly 0.5+1+2+4+8 s ≈ 15 s of outage at most. */
const DEFAULT_MAX_ATTEMPTS = 6;
/** Clever's largest page size: the fewest requests for a full read. */
const PAGE_LIMIT = '10000';

/** The collections a roster read lists. */
export type CleverResource = 'districts' | 'schools' | 'users' | 'sections' | 'terms' | 'courses' | 'events';

/**
 * How a listing ended. Incomplete means a page failed after its retries: the objects read so far
 * were handed over, but absence from them must not be read as removal.
 */
export type ListResult =
  { isComplete: true; count: number } | { isComplete: false; count: number; reason: string };

export interface CleverClientOptions {
  /** The Data API origin, e.g. `https://api.clever.com`, or a fake server's URL. */
  baseUrl: string;
  /**
   * Where client id and secret are exchanged for the district token. Default: Clever's
   * `https://clever.com/oauth/tokens` when baseUrl is Clever's, else `${baseUrl}/oauth/tokens`
   * (so one fake server serves both).
   */
  tokenUrl?: string;
  apiVersion: CleverApiVersion;
  /** The Clever district id the token must belong to. */
  districtId: string;
  /** The district-app bearer token. Takes precedence over client id and secret. */
  token?: string;
  /** The app's OAuth client id, exchanged with clientSecret for the district token. */
  clientId?: string;
  clientSecret?: string;
  /** Per attempt, body included. Default 30000 ms. */
  requestTimeoutMs?: number;
  /** Attempts per request before it fails (rate-limit waits count). Default 6. */
  maxAttempts?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  onNotice?: (notice: CleverNotice) => void;
}

/**
 * The Clever Data API (v3.0 / v3.1) for one district: cursor paging, rate limits and retries.
 * The token is kept in a private field so it never shows in a logged client.
 */
export class CleverClient {
  readonly #http: CleverHttp;
  readonly #authorization: string;
  readonly #baseUrl: URL;
  readonly apiVersion: CleverApiVersion;
  readonly districtId: string;

  private constructor(http: CleverHttp, authorization: string, baseUrl: URL, options: CleverClientOptions) {
    this.#http = http;
    this.#authorization = authorization;
    this.#baseUrl = baseUrl;
    this.apiVersion = options.apiVersion;
    this.districtId = options.districtId;
  }

  /**
   * Obtains the district token (given, or exchanged from client id and secret) and checks it with
   * `GET /{version}/me`: it must be a district token of `districtId`. Throws
   * CleverCredentialsError when it is not, CleverRequestError when Clever cannot be reached.
   */
  static async connect(options: CleverClientOptions): Promise<CleverClient> {
    const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const secrets = [options.token, options.clientSecret].filter((value): value is string => !!value);
    const http: CleverHttp = {
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? ((ms) => delay(ms)),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      onNotice: options.onNotice ?? (() => {}),
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      secrets,
      pause: { notBeforeMs: 0 },
    };

    let token = options.token;
    if (!token) {
      if (!options.clientId || !options.clientSecret) {
        throw new CleverCredentialsError(
          'The Clever sync config has neither a district token nor a client id and secret.',
        );
      }
      token = await fetchCleverDistrictToken(http, {
        tokenUrl: options.tokenUrl ?? defaultTokenUrl(baseUrl),
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        districtId: options.districtId,
      });
      http.secrets = [...secrets, token];
    }
    const client = new CleverClient(http, `Bearer ${token}`, baseUrl, options);
    await client.#checkToken();
    return client;
  }

  /**
   * One GET with the retry policy; returns the parsed JSON object. `path` is relative to the API
   * version (`/me`, `/districts/{id}`), or a root path as Clever's links give it (`/v3.0/...`).
   */
  async get(path: string, query?: Readonly<Record<string, string>>): Promise<unknown> {
    const url = this.#url(path);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return this.#send(url, checkObject);
  }

  /**
   * Pages of a collection: each page's `data[].data` objects (every one has a string `id`; for
   * `events` each is the whole event: `id`, `type`, `created`, `data: { object,
   * previous_attributes }`). Follows `links[rel=next]` until there is none. Asks for
   * `limit=10000` unless `query` sets a limit. A page that fails after its retries throws
   * CleverRequestError; rejected credentials throw CleverCredentialsError.
   */
  async *pages(
    resource: CleverResource,
    query?: Readonly<Record<string, string>>,
  ): AsyncGenerator<CleverObject[]> {
    let url: URL | null = this.#url(`/${resource}`);
    url.searchParams.set('limit', PAGE_LIMIT);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    const seen = new Set<string>();
    while (url != null) {
      seen.add(url.href);
      const page = (await this.#send(url, checkPage)) as Page;
      const objects = page.data.map((item) => item.data);
      if (objects.length > 0) yield objects;
      // An empty page ends the listing even with a next link: its cursor cannot move on.
      url = objects.length > 0 ? this.#nextUrl(page, url, seen) : null;
    }
  }

  /**
   * Lists a whole collection, handing each page to `onPage`. A page that still fails after its
   * retries ends the listing as incomplete with the reason and the count handed over so far;
   * rejected credentials are thrown, never turned into a short listing.
   */
  async listAll(
    resource: CleverResource,
    query: Readonly<Record<string, string>> | undefined,
    onPage: (objects: CleverObject[]) => void | Promise<void>,
  ): Promise<ListResult> {
    let count = 0;
    let pageNumber = 0;
    const pages = this.pages(resource, query);
    for (;;) {
      let next: IteratorResult<CleverObject[]>;
      try {
        next = await pages.next();
      } catch (error) {
        // Only a failed read ends the listing early; an error of onPage is the caller's and
        // propagates as it is.
        if (!(error instanceof CleverRequestError)) throw error;
        const reason = `${resource}: page ${pageNumber + 1} failed after ${count} objects were read: ${error.message}`;
        return { isComplete: false, count, reason };
      }
      if (next.done) break;
      pageNumber += 1;
      await onPage(next.value);
      count += next.value.length;
    }
    return { isComplete: true, count };
  }

  /** `/me` says whose token this is: it must be the district's own token, not a user's. */
  async #checkToken(): Promise<void> {
    const body = (await this.get('/me')) as { type?: unknown; data?: unknown };
    const data =
      typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {};
    const type = typeof body.type === 'string' ? body.type : data.type;
    if (type !== 'district') {
      throw new CleverCredentialsError(
        `The Clever token is not a district-app token (/me says ${typeof type === 'string' ? `"${type}"` : 'nothing'}): ` +
          'use the district token of the app’s connection to the district.',
        null,
        this.#url('/me').pathname,
      );
    }
    const districtId = typeof data.district === 'string' ? data.district : data.id;
    if (districtId !== this.districtId) {
      throw new CleverCredentialsError(
        `The Clever token belongs to district ${typeof districtId === 'string' ? districtId : '(unknown)'}, ` +
          `not to district ${this.districtId}.`,
        null,
        this.#url('/me').pathname,
      );
    }
  }

  #send(url: URL, checkBody: (body: unknown) => string | null): Promise<unknown> {
    return sendCleverRequest(this.#http, {
      url,
      authorization: this.#authorization,
      checkBody,
      credentialName: 'the district token',
    });
  }

  #url(path: string): URL {
    const rootPath = /^\/v\d/.test(path)
      ? path
      : `/${this.apiVersion}${path.startsWith('/') ? '' : '/'}${path}`;
    return new URL(rootPath.slice(1), this.#baseUrl);
  }

  /**
   * The next page's URL from `links[rel=next]` (relative to the base URL), or null at the end. A
   * link to another origin or back to a page already read ends the listing as a failure: the
   * first would send the token elsewhere, the second would loop for ever.
   */
  #nextUrl(page: Page, current: URL, seen: ReadonlySet<string>): URL | null {
    const next = page.links?.find((link) => link.rel === 'next');
    if (next == null) return null;
    const nextUrl = new URL(next.uri.startsWith('/') ? next.uri.slice(1) : next.uri, this.#baseUrl);
    let problem: string | null = null;
    if (nextUrl.origin !== this.#baseUrl.origin) problem = 'the next link points to another server';
    else if (seen.has(nextUrl.href)) problem = 'the next link points back to a page already read';
    if (problem == null) return nextUrl;
    const path = current.pathname + current.search;
    throw new CleverRequestError(`GET ${path}: ${problem} (${next.uri})`, {
      failure: 'unsafe_link',
      status: null,
      path,
      attempts: 1,
      bodyExcerpt: null,
    });
  }
}

interface Page {
  data: { data: CleverObject }[];
  links?: { rel: string; uri: string }[];
}

function defaultTokenUrl(baseUrl: URL): string {
  const isClever = baseUrl.hostname === 'clever.com' || baseUrl.hostname.endsWith('.clever.com');
  return isClever ? CLEVER_TOKEN_URL : new URL('oauth/tokens', baseUrl).href;
}

function checkObject(body: unknown): string | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? null : 'not a JSON object';
}

/** The list envelope: `{ data: [{ data: { id, … } }, …], links: [{ rel, uri }, …] }`. */
function checkPage(body: unknown): string | null {
  if (checkObject(body) != null) return 'not a JSON object';
  const { data, links } = body as { data?: unknown; links?: unknown };
  if (!Array.isArray(data)) return 'no data list';
  for (const [index, item] of data.entries()) {
    const object = typeof item === 'object' && item !== null ? (item as { data?: unknown }).data : undefined;
    if (
      typeof object !== 'object' ||
      object === null ||
      typeof (object as { id?: unknown }).id !== 'string'
    ) {
      return `data[${index}] has no object with an id`;
    }
  }
  if (links !== undefined) {
    const isLinkList =
      Array.isArray(links) &&
      links.every(
        (link: unknown) =>
          typeof link === 'object' &&
          link !== null &&
          typeof (link as { rel?: unknown }).rel === 'string' &&
          typeof (link as { uri?: unknown }).uri === 'string',
      );
    if (!isLinkList) return 'links is not a list of { rel, uri }';
  }
  return null;
}
