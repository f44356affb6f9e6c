import type { SecretBox } from '../config/secret-box.ts';
import { SecretError } from '../config/secret-error.ts';
import { SourceCredentialsError } from '../sources/roster-source.ts';

/**
 * A secret source option as `sync_configs.source_options` stores it:
 * `{"token": {"sealed": "v1:…"}}`. The object form tells a sealed value from a plain one
 * without guessing from the text, and leaves room for more fields (a key id) later.
 */
export interface SealedSecret {
  sealed: string;
}

/** How `config show` (text and `--json`) shows a secret that is set: never its value. */
export const secretShown = '•••• (set)';

/**
 * Seals the given secret options (a value that is not text is sealed as its JSON, so nothing
 * under a secret key is ever stored plain); the others are kept as they are.
 */
export function sealSourceOptions(
  options: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[],
  secrets: SecretBox,
): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...options };
  for (const key of secretKeys) {
    const value = options[key];
    if (value === undefined || value === null) continue;
    const plain = typeof value === 'string' ? value : JSON.stringify(value);
    stored[key] = { sealed: secrets.seal(plain) } satisfies SealedSecret;
  }
  return stored;
}

/**
 * The plain options a source reads, secrets opened. A secret that does not open (another
 * key, altered) throws `SourceCredentialsError`, so the run ends `failed_credentials`; the
 * message names the option, never a value. A secret stored as plain text (written into the
 * database by hand) is used as it is, and sealed by the next `config set-source`.
 */
export function openSourceOptions(
  options: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[],
  secrets: SecretBox,
): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...options };
  for (const key of secretKeys) {
    const value = options[key];
    if (!isSealedSecret(value)) continue;
    try {
      plain[key] = secrets.open(value.sealed);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      throw new SourceCredentialsError(`The config's ${key} cannot be used. ${error.message}`);
    }
  }
  return plain;
}

/**
 * The options as shown to people and scripts: every secret that is set is `secretShown`, and so
 * is any sealed value under another key (a source this version no longer lists as secret).
 */
export function redactSourceOptions(
  options: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[],
): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...options };
  for (const [key, value] of Object.entries(options)) {
    const isSet = value !== undefined && value !== null;
    if ((secretKeys.includes(key) && isSet) || isSealedSecret(value)) shown[key] = secretShown;
  }
  return shown;
}

export function isSealedSecret(value: unknown): value is SealedSecret {
  return (
    typeof value === 'object' && value !== null && typeof (value as { sealed?: unknown }).sealed === 'string'
  );
}
