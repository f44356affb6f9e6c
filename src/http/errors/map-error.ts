import { DirectoryError } from '../../directory/directory-error.ts';
import { apiErrorCodes } from './api-error-codes.ts';

/** The body of every error answer (STYLE 13). */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** Fastify's own errors that are the client's doing, by their code. */
const fastifyCodes: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_INVALID',
};

/**
 * Maps anything thrown by a handler to a status and an error body. An error with a code in
 * the table (`apiErrorCodes`) is answered with its status, message and details; a JSON syntax
 * error or an oversized body with the matching request code; anything else is a bug or an
 * infrastructure failure: 500 with a generic message, and `isInternal` tells the caller to log it.
 */
export function mapError(error: unknown): { status: number; body: ErrorBody; isInternal: boolean } {
  const thrown = error as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
    conflicts?: unknown;
    statusCode?: unknown;
  };
  let code = typeof thrown?.code === 'string' ? thrown.code : undefined;
  if (code && code in fastifyCodes) code = fastifyCodes[code];
  else if (error instanceof SyntaxError && thrown.statusCode === 400) code = 'REQUEST_INVALID';
  // A directory refusal whose code the table does not list yet is still a refusal, not a bug.
  const entry = code
    ? (apiErrorCodes[code as keyof typeof apiErrorCodes] ??
      (error instanceof DirectoryError ? { status: 422, when: '' } : undefined))
    : undefined;
  if (!code || !entry || entry.status >= 500) {
    const known = code && entry ? code : 'INTERNAL';
    const message =
      known === 'APPROVAL_FAILED'
        ? 'Applying the approved changes failed. The hold is still open; approve again to finish.'
        : 'Something went wrong on our side. It has been logged.';
    return {
      status: entry?.status ?? 500,
      body: { error: { code: known, message, details: null } },
      isInternal: true,
    };
  }
  const details =
    thrown.details !== undefined
      ? thrown.details
      : thrown.conflicts !== undefined
        ? { conflicts: thrown.conflicts }
        : null;
  return {
    status: entry.status,
    body: { error: { code, message: typeof thrown.message === 'string' ? thrown.message : code, details } },
    isInternal: false,
  };
}
