/**
 * A secret or the secret key could not be used. The message names what to fix and never
 * carries a secret or the key.
 * - `SECRET_UNREADABLE`: a sealed value does not open with this installation's key (sealed
 *   with another key, or altered). Set the key it was sealed with, or store the secret again.
 * - `SECRET_KEY_INVALID`: `ROSTERSYNC_SECRET_KEY` or the data folder's `secret.key` is not the
 *   base64 of 32 bytes.
 */
export class SecretError extends Error {
  constructor(
    readonly code: 'SECRET_UNREADABLE' | 'SECRET_KEY_INVALID',
    message: string,
  ) {
    super(message);
  }
}
