/**
 * Why a call to Clever failed. Codes are permanent and never reused; CLEVER_CREDENTIALS_REJECTED
 * is also the finding a run records when it stops on it.
 */
export const cleverHttpErrorCodes = {
  CLEVER_CREDENTIALS_REJECTED: {
    when: 'Clever answered 401 or 403, the client id and secret gave no token for the district, or the token belongs to another district or to a signed-in user rather than to the district.',
    fix: 'Check the district id and the token (or client id and secret) in the sync config; the district may have disconnected the app in Clever.',
  },
  CLEVER_REQUEST_FAILED: {
    when: 'A request still failed after its retries (5xx, network error, time-out, a body that is not Clever JSON), or Clever refused it with a 4xx that retrying cannot fix.',
    fix: 'Look at the status and the excerpt in the message. 5xx and time-outs are usually passing: run again later. A 404 often means the token may not read that resource.',
  },
} as const;

export type CleverHttpErrorCode = keyof typeof cleverHttpErrorCodes;

/** A call to Clever that did not give a usable answer. Messages never hold tokens or secrets. */
export abstract class CleverHttpError extends Error {
  abstract readonly code: CleverHttpErrorCode;
}

/** Clever refused the credentials: retrying cannot help, a person has to fix the sync config. */
export class CleverCredentialsError extends CleverHttpError {
  readonly code = 'CLEVER_CREDENTIALS_REJECTED';

  constructor(
    message: string,
    /** The HTTP status that refused them, or null when the refusal was found in a 200 answer. */
    readonly status: number | null = null,
    /** Path and query of the request (never a token). */
    readonly path: string | null = null,
  ) {
    super(message);
    this.name = 'CleverCredentialsError';
  }
}

/** How a request finally failed. */
export type CleverRequestFailure = 'http_status' | 'network' | 'timeout' | 'invalid_body' | 'unsafe_link';

/** A request that failed after its retries, or that retrying cannot fix. */
export class CleverRequestError extends CleverHttpError {
  readonly code = 'CLEVER_REQUEST_FAILED';

  constructor(
    message: string,
    readonly details: {
      failure: CleverRequestFailure;
      /** The last HTTP status, or null for network errors and time-outs. */
      status: number | null;
      /** Path and query of the request (never a token). */
      path: string;
      attempts: number;
      /** The first ~200 characters of the last body, as text (HTML tags stripped), or null. */
      bodyExcerpt: string | null;
    },
  ) {
    super(message);
    this.name = 'CleverRequestError';
  }

  get failure(): CleverRequestFailure {
    return this.details.failure;
  }
  get status(): number | null {
    return this.details.status;
  }
  get path(): string {
    return this.details.path;
  }
  get attempts(): number {
    return this.details.attempts;
  }
  get bodyExcerpt(): string | null {
    return this.details.bodyExcerpt;
  }
}
