import { accountCodes, type AccountCode } from './account-codes.ts';

/**
 * A refused account operation: a stable code from `account-codes.ts`, the HTTP status the
 * catalogue gives it, and a message for the person in front of the screen (never a secret, and
 * never whether something exists in another district). `details` carries what a client needs
 * to act on (`retryAfterSeconds` of a lock).
 */
export class AccountError extends Error {
  readonly status: number;

  constructor(
    readonly code: AccountCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AccountError';
    this.status = accountCodes[code].status;
  }
}
