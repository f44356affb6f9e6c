import type { KnownErrorCode } from './api-error-codes.ts';

/**
 * A refusal made by the HTTP layer itself (authentication, permission, request shape). The
 * capabilities' own refusals (`DirectoryError`, `HoldError`, …) pass through unchanged and are
 * mapped by the same table (`api-error-codes.ts`).
 */
export class ApiError extends Error {
  constructor(
    readonly code: KnownErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}
