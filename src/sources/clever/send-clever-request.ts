import { cleverBodyExcerpt } from './clever-body-excerpt.ts';
import { CleverCredentialsError, CleverRequestError } from './clever-http-error.ts';
import type { CleverRequestFailure } from './clever-http-error.ts';
import type { CleverNotice } from './clever-notice.ts';
import { cleverRetryPolicy, rateLimitPauseMs } from './clever-retry-policy.ts';
import type { CleverAttemptOutcome } from './clever-retry-policy.ts';

/** What every request to Clever shares: injected I/O, limits and the rate-limit pause. */
export interface CleverHttp {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  onNotice: (notice: CleverNotice) => void;
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Strings that must never reach a message (tokens, the client secret, the Basic credential). */
  secrets: readonly string[];
  /** No request starts before this instant: set when an answer spent the rate-limit window. */
  pause: { notBeforeMs: number };
}

export interface CleverRequest {
  url: URL;
  /** The Authorization header value (Bearer or Basic). */
  authorization: string;
  /** Says what is wrong with a parsed 2xx body, or null when it is the expected envelope. */
  checkBody: (body: unknown) => string | null;
  /** Names the credential in a 401/403 message ("the district token"). */
  credentialName: string;
}

type AttemptResult =
  | { isOk: true; body: unknown }
  | {
      isOk: false;
      outcome: CleverAttemptOutcome;
      failure: CleverRequestFailure;
      reason: string;
      excerpt: string | null;
    };

/**
 * One GET to Clever with the retry policy: waits out rate limits, backs off on 5xx, network
 * errors and time-outs, refuses 401/403 at once. Returns the parsed JSON body or throws a
 * CleverRequestError / CleverCredentialsError.
 */
export async function sendCleverRequest(http: CleverHttp, request: CleverRequest): Promise<unknown> {
  const path = request.url.pathname + request.url.search;
  let invalidBodyAttempts = 0;
  for (let attempt = 1; ; attempt += 1) {
    const pauseMs = http.pause.notBeforeMs - http.now();
    if (pauseMs > 0) {
      http.onNotice({ kind: 'rate_limited', path, waitMs: pauseMs, trigger: 'remaining_zero' });
      await http.sleep(pauseMs);
    }
    const result = await attemptOnce(http, request);
    if (result.isOk) return result.body;
    if (result.outcome.kind === 'invalid_body') invalidBodyAttempts += 1;

    const decision = cleverRetryPolicy(result.outcome, {
      attempt,
      maxAttempts: http.maxAttempts,
      invalidBodyAttempts,
      nowMs: http.now(),
      random: http.random,
    });
    if (decision.action === 'reject_credentials') {
      const status = result.outcome.kind === 'status' ? result.outcome.status : null;
      throw new CleverCredentialsError(
        `Clever rejected ${request.credentialName} (${result.reason} on GET ${path})` +
          (result.excerpt ? `: ${result.excerpt}` : '.'),
        status,
        path,
      );
    }
    if (decision.action === 'give_up') {
      const attempts = attempt === 1 ? '1 attempt' : `${attempt} attempts`;
      throw new CleverRequestError(
        `GET ${path} failed after ${attempts}: ${result.reason}` +
          (result.excerpt ? `: ${result.excerpt}` : ''),
        {
          failure: result.failure,
          status: result.outcome.kind === 'status' ? result.outcome.status : null,
          path,
          attempts: attempt,
          bodyExcerpt: result.excerpt,
        },
      );
    }
    if (decision.isRateLimited) {
      http.onNotice({ kind: 'rate_limited', path, waitMs: decision.waitMs, trigger: 'status_429' });
    } else {
      http.onNotice({ kind: 'retrying', path, attempt, waitMs: decision.waitMs, reason: result.reason });
    }
    await http.sleep(decision.waitMs);
  }
}

async function attemptOnce(http: CleverHttp, request: CleverRequest): Promise<AttemptResult> {
  let status = 0;
  try {
    // The time-out covers the whole exchange, body included: a page of 10,000 users that
    // stalls half-way is as stuck as one that never starts.
    const response = await http.fetch(request.url, {
      headers: { authorization: request.authorization, accept: 'application/json' },
      // Never follow a redirect: it could carry the bearer token to another host.
      redirect: 'manual',
      signal: AbortSignal.timeout(http.requestTimeoutMs),
    });
    status = response.status;
    const text = await response.text();
    const pauseMs = rateLimitPauseMs(response.headers, http.now());
    if (pauseMs > 0) http.pause.notBeforeMs = Math.max(http.pause.notBeforeMs, http.now() + pauseMs);

    if (status < 200 || status > 299) {
      const statusText = response.statusText ? ` ${response.statusText}` : '';
      return {
        isOk: false,
        outcome: { kind: 'status', status, headers: response.headers },
        failure: 'http_status',
        reason: `HTTP ${status}${statusText}`,
        excerpt: text.trim() === '' ? null : cleverBodyExcerpt(text, http.secrets),
      };
    }
    const parsed = parseJson(text);
    const problem = parsed.isJson ? request.checkBody(parsed.value) : 'the body is not JSON';
    if (problem == null) return { isOk: true, body: parsed.value };
    return {
      isOk: false,
      outcome: { kind: 'invalid_body' },
      failure: 'invalid_body',
      reason: `HTTP ${status} with an unusable body (${problem})`,
      excerpt: text.trim() === '' ? null : cleverBodyExcerpt(text, http.secrets),
    };
  } catch (error) {
    if (isTimeout(error)) {
      return {
        isOk: false,
        outcome: { kind: 'timeout' },
        failure: 'timeout',
        reason:
          status === 0
            ? `no answer within ${http.requestTimeoutMs} ms`
            : `HTTP ${status} body not received within ${http.requestTimeoutMs} ms`,
        excerpt: null,
      };
    }
    return {
      isOk: false,
      outcome: { kind: 'network' },
      failure: 'network',
      reason: `network error (${redact(describeNetworkError(error), http.secrets)})`,
      excerpt: null,
    };
  }
}

function parseJson(text: string): { isJson: true; value: unknown } | { isJson: false; value: null } {
  try {
    return { isJson: true, value: JSON.parse(text) as unknown };
  } catch {
    return { isJson: false, value: null };
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** undici's "fetch failed" says nothing; the cause says what ("ECONNRESET", "other side closed"). */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code)
      ? `${code}: ${cause.message}`
      : cause.message;
  }
  return error.message;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length > 0) result = result.split(secret).join('[redacted]');
  return result;
}
