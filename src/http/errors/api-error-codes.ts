import { accountCodes, type AccountCode } from '../../accounts/account-codes.ts';
import { directoryCodes, type DirectoryCode } from '../../directory/directory-codes.ts';
import { settingsCodes, type SettingsCode } from '../../sync/settings-codes.ts';

interface ApiErrorEntry {
  /** The HTTP status the code is answered with. */
  status: number;
  /** When it fires. */
  when: string;
}

/**
 * Every error code the HTTP API answers with, and its status: the one place codes meet HTTP
 * (STYLE 13). Codes are permanent and never reused. The directory's, accounts' and settings'
 * refusals come from their own catalogues, which carry their statuses; this file adds the
 * API's own codes (authentication, request shape) and those of capabilities without a
 * catalogue of statuses (holds, rollback, sync runs). Anything not listed is an internal error: 500 `INTERNAL`, message withheld.
 */
const ownCodes = {
  // The request
  REQUEST_INVALID: {
    status: 400,
    when: 'A path parameter, query parameter or body does not fit the operation’s schema; `details.issues` lists each problem.',
  },
  ARGUMENT_INVALID: { status: 400, when: 'An argument is malformed (e.g. a key both set and unset).' },
  BODY_TOO_LARGE: { status: 413, when: 'The body exceeds the limit (JSON 1 MiB; bundle uploads 1 GiB).' },
  MEDIA_TYPE_UNSUPPORTED: {
    status: 415,
    when: 'The body’s Content-Type is not the one the operation takes (JSON, or application/zip for uploads).',
  },
  // Who is asking
  UNAUTHENTICATED: {
    status: 401,
    when: 'No bearer token or session, or one that is unknown, expired or revoked.',
  },
  JOIN_LOCKED: {
    status: 429,
    when: 'Too many wrong join codes from this principal (10 within 15 minutes) or this address (100): joining is refused for 15 minutes. `details.retryAfterSeconds` says how long is left.',
  },
  FORBIDDEN: {
    status: 403,
    when: 'The principal belongs to the district but lacks the right: a token without the scope, a person without the grant. The message names the rule.',
  },
  INSTALLATION_TOKEN_NOT_FOR_DISTRICT: {
    status: 403,
    when: 'An installation token (no district; it creates and lists districts) calls an operation under a district, whichever district. Use a token of the district or a session.',
  },
  INSTALLATION_TOKEN_REQUIRED: {
    status: 403,
    when: 'A district’s token or a person calls an operation only an installation token may call (creating a district).',
  },
  // What is asked for
  ROUTE_NOT_FOUND: { status: 404, when: 'No operation has this method and path.' },
  RUN_NOT_FOUND: { status: 404, when: 'No such run in this district.' },
  TOKEN_NOT_FOUND: {
    status: 404,
    when: 'No such API token in this district (or, with --installation, among the installation tokens).',
  },
  // Refusals of the capabilities
  SOURCE_UNKNOWN: { status: 422, when: 'No such source kind.' },
  SOURCE_OPTIONS_INVALID: { status: 422, when: 'The source refuses its options (the message says why).' },
  SOURCE_OPTION_NOT_ALLOWED: {
    status: 422,
    when: 'A source option that makes the server read a file or call an address (`path`, `base_url`, `token_url`) is set over HTTP; set it with the CLI, or upload the bundle with the run.',
  },
  BUNDLE_REQUIRED: {
    status: 422,
    when: 'A bundle upload was expected (application/zip body) and none came.',
  },
  RUN_IN_PROGRESS: { status: 409, when: 'A run of the config is in progress; one run per config at a time.' },
  RUN_NOT_HELD: { status: 409, when: 'The run did not end held, so there is nothing to approve or discard.' },
  HOLD_ALREADY_RESOLVED: { status: 409, when: 'The run’s hold was approved or discarded already.' },
  RUN_ALREADY_ROLLED_BACK: { status: 409, when: 'A finished rollback already names this run.' },
  ROLLBACK_CONFLICTS: {
    status: 409,
    when: 'Later changes touched records the run changed; `details.conflicts` lists them. Retry with `partial`.',
  },
  TOKEN_NAME_REQUIRED: { status: 422, when: 'A token needs a name.' },
  SCOPE_UNKNOWN: { status: 422, when: 'An unknown token scope.' },
  SCOPE_REQUIRED: { status: 422, when: 'A token needs at least one scope.' },
  SCOPE_NOT_FOR_TOKEN_KIND: {
    status: 422,
    when: 'A district’s token is given an installation scope (`districts:read`, `districts:write`), or an installation token a district’s scope.',
  },
  // Failures: the message is withheld (never leak internals on 5xx)
  APPROVAL_FAILED: {
    status: 500,
    when: 'Applying approved held changes failed; the hold stays open and approving again finishes the job.',
  },
  INTERNAL: { status: 500, when: 'Anything unexpected. The message is generic; the log has the details.' },
} as const satisfies Record<string, ApiErrorEntry>;

/**
 * Refused settings keep their codes (`settings-codes.ts`) and answer 422, except a school of
 * another district (or none), which answers 404 like every other id the principal cannot see.
 */
const settingsStatuses = Object.fromEntries(
  Object.entries(settingsCodes).map(([code, entry]) => [
    code,
    { status: code === 'SCHOOL_NOT_IN_DISTRICT' ? 404 : 422, when: entry.when },
  ]),
) as Record<SettingsCode, ApiErrorEntry>;

/** Account refusals carry their status in their own catalogue (`account-codes.ts`). */
const accountStatuses = Object.fromEntries(
  Object.entries(accountCodes).map(([code, entry]) => [code, { status: entry.status, when: entry.when }]),
) as Record<AccountCode, ApiErrorEntry>;

export const apiErrorCodes: Readonly<
  Record<ApiErrorCode | SettingsCode | AccountCode | DirectoryCode, ApiErrorEntry>
> = {
  // Directory and account refusals carry their status in their own catalogues.
  ...(directoryCodes as Record<DirectoryCode, ApiErrorEntry>),
  ...accountStatuses,
  ...settingsStatuses,
  ...ownCodes,
};

export type ApiErrorCode = keyof typeof ownCodes;
/** Every code the API answers with. */
export type KnownErrorCode = keyof typeof apiErrorCodes;
