import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { InstallationPrincipal, OperatorPrincipal, PersonPrincipal } from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import { resolveApiToken } from '../tokens/resolve-api-token.ts';

/** The cookie a person's session travels in (set by sign-in, `src/accounts/`). */
export const sessionCookieName = 'rostersync_session';

/**
 * Turns a session cookie's value into the signed-in person, or null when the session is
 * unknown or over. Given by whoever builds the server (the accounts capability); without it,
 * cookies are ignored and only API tokens authenticate.
 */
export type ResolveSession = (sessionToken: string) => Promise<PersonPrincipal | null>;

/**
 * A district's principal over HTTP: an operator by token, or a signed-in person. What a district
 * route's handler gets, and a `Principal` the capabilities take. `system` never comes over HTTP.
 */
export type HttpPrincipal = OperatorPrincipal | PersonPrincipal;

/**
 * Whoever a request authenticates as: a district's principal, or an installation token. Only
 * routes above districts (`/api/v1/districts`) let the latter in (`authorize.ts`).
 */
export type AuthenticatedPrincipal = HttpPrincipal | InstallationPrincipal;

/**
 * The principal of a request, or null. A request that carries an `Authorization` header is
 * judged by it alone (a bad token is not rescued by a cookie); else by the session cookie.
 */
export async function authenticate(
  request: FastifyRequest,
  dependencies: { db: Kysely<Database>; resolveSession?: ResolveSession | undefined },
): Promise<AuthenticatedPrincipal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ? resolveApiToken(dependencies.db, match[1]) : null;
  }
  if (!dependencies.resolveSession) return null;
  const session = readCookie(request.headers.cookie, sessionCookieName);
  return session ? dependencies.resolveSession(session) : null;
}

/** A cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) {
      const value = part.slice(equals + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
