import { z } from 'zod';
import { acceptInvitation } from '../../accounts/accept-invitation.ts';
import { grantRoles, grantRole } from '../../accounts/grant-role.ts';
import { activationPath, invitePerson } from '../../accounts/invite-person.ts';
import { listGrants } from '../../accounts/list-grants.ts';
import { revokeGrant } from '../../accounts/revoke-grant.ts';
import { sessionAbsoluteMs } from '../../accounts/session-lifetimes.ts';
import { signIn } from '../../accounts/sign-in.ts';
import { signOut } from '../../accounts/sign-out.ts';
import { defineRoute } from '../api-route.ts';
import { readCookie, sessionCookieName } from '../auth/authenticate.ts';
import { idParam } from '../register-api-route.ts';
import { districtParams, districtPath, personParams } from './route-params.ts';

/**
 * The session cookie: never readable by scripts (HttpOnly), only over HTTPS (Secure; browsers
 * treat http://localhost as secure), and never sent with another site's requests
 * (SameSite=Strict), which is what keeps a signed-in person's browser from being used against
 * the API by another site.
 */
function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${sessionCookieName}=${value}; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

const grantBody = z.strictObject({
  role: z.enum(grantRoles as [string, ...string[]]),
  schoolId: idParam.nullable().optional(),
});
const grant = z.object({ role: z.string(), schoolId: z.uuid().optional() });

export const accountRoutes = [
  defineRoute({
    operationId: 'signIn',
    method: 'POST',
    path: `${districtPath}/sessions`,
    summary: 'Sign a person in with their email or mobile and password; sets the session cookie.',
    description:
      'Every failure is the same SIGN_IN_FAILED (401); repeated failures lock the credential and the address for a while (SIGN_IN_LOCKED, 429, `details.retryAfterSeconds`).',
    tag: 'accounts',
    permission: 'public',
    params: districtParams,
    body: z.strictObject({ credential: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
    success: {
      status: 201,
      description: 'Signed in; the session is in the `rostersync_session` cookie, never in the body.',
      schema: z.object({
        personId: z.uuid(),
        grants: z.array(grant),
        expiresAt: z.string(),
        idleExpiresAt: z.string(),
      }),
    },
    errors: ['SIGN_IN_FAILED', 'SIGN_IN_LOCKED'],
    async handle({ store, params, body, request, reply, loginLimiter }) {
      const signedIn = await signIn(store.db, {
        districtId: params.districtId,
        credential: body.credential,
        password: body.password,
        ip: request.ip,
        limiter: loginLimiter,
      });
      reply.header('set-cookie', sessionCookie(signedIn.sessionToken, Math.floor(sessionAbsoluteMs / 1000)));
      return {
        personId: signedIn.principal.personId,
        grants: signedIn.principal.grants,
        expiresAt: signedIn.expiresAt.toISOString(),
        idleExpiresAt: signedIn.idleExpiresAt.toISOString(),
      };
    },
  }),
  defineRoute({
    operationId: 'getCurrentSession',
    method: 'GET',
    path: `${districtPath}/sessions/current`,
    summary: 'Who is asking: the signed-in person with their grants, or the token with its scopes.',
    tag: 'accounts',
    permission: 'signed-in',
    params: districtParams,
    success: { status: 200, description: 'The principal.' },
    async handle({ principal }) {
      return principal.kind === 'person'
        ? { kind: 'person', personId: principal.personId, grants: principal.grants }
        : { kind: 'operator', tokenId: principal.tokenId, scopes: principal.scopes };
    },
  }),
  defineRoute({
    operationId: 'signOut',
    method: 'DELETE',
    path: `${districtPath}/sessions/current`,
    summary: 'Sign out: end the session of the cookie and clear it. Signing out twice is no error.',
    tag: 'accounts',
    permission: 'signed-in',
    params: districtParams,
    success: {
      status: 200,
      description: 'Whether a session was open.',
      schema: z.object({ wasSignedIn: z.boolean() }),
    },
    async handle({ store, principal, request, reply }) {
      const session = readCookie(request.headers.cookie, sessionCookieName);
      if (principal.kind !== 'person' || !session) return { wasSignedIn: false };
      reply.header('set-cookie', sessionCookie('', 0));
      return signOut(store.db, { sessionToken: session });
    },
  }),
  defineRoute({
    operationId: 'acceptInvitation',
    method: 'POST',
    path: `${districtPath}/invitations/accept`,
    summary: 'Accept an invitation: set the password and become an active user (SPEC §6). Then sign in.',
    tag: 'accounts',
    permission: 'public',
    params: districtParams,
    body: z.strictObject({ token: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
    success: {
      status: 200,
      description: 'The person is active.',
      schema: z.object({ districtId: z.uuid(), personId: z.uuid(), isNewlyActive: z.boolean() }),
    },
    errors: [
      'INVITATION_UNKNOWN',
      'INVITATION_EXPIRED',
      'INVITATION_USED',
      'INVITATION_REVOKED',
      'PASSWORD_TOO_SHORT',
      'PASSWORD_TOO_LONG',
      'PASSWORD_TOO_SIMPLE',
      'PERSON_ARCHIVED',
    ],
    async handle({ store, params, body }) {
      return acceptInvitation(store.db, {
        token: body.token,
        password: body.password,
        districtId: params.districtId,
      });
    },
  }),
  defineRoute({
    operationId: 'invitePerson',
    method: 'POST',
    path: `${districtPath}/people/:personId/invitations`,
    summary: 'Invite a person to set a password (also a password reset); the token is returned once.',
    tag: 'accounts',
    permission: 'accounts',
    params: personParams,
    success: {
      status: 201,
      description: 'The invitation with its token and activation path: hand them to the person, once.',
    },
    errors: ['PERSON_NOT_FOUND', 'PERSON_ARCHIVED', 'PERSON_NO_CREDENTIAL', 'ACCOUNTS_NOT_ALLOWED'],
    async handle({ store, params, principal }) {
      const invitation = await invitePerson(store.db, { ...params, actor: principal });
      return {
        ...invitation,
        expiresAt: invitation.expiresAt.toISOString(),
        activationPath: activationPath(invitation.token),
      };
    },
  }),
  defineRoute({
    operationId: 'listGrants',
    method: 'GET',
    path: `${districtPath}/grants`,
    summary: 'The rights given to the district’s people; `personId` keeps one person’s.',
    tag: 'accounts',
    permission: 'accounts',
    params: districtParams,
    query: z.strictObject({ personId: idParam.optional() }),
    success: { status: 200, description: 'The grants.' },
    async handle({ store, params, query, principal }) {
      return {
        grants: await listGrants(store.db, {
          districtId: params.districtId,
          actor: principal,
          personId: query.personId,
        }),
      };
    },
  }),
  defineRoute({
    operationId: 'grantRole',
    method: 'POST',
    path: `${districtPath}/people/:personId/grants`,
    summary:
      'Give a person a right: district_admin, or school_leader / rostering_admin / users_manager of a school.',
    tag: 'accounts',
    permission: 'accounts',
    params: personParams,
    body: grantBody,
    success: { status: 200, description: 'The grant; `isNew` false when the person held it already.' },
    errors: ['PERSON_NOT_FOUND', 'GRANT_INVALID', 'GRANT_SCHOOL_NOT_FOUND'],
    async handle({ store, params, body, principal }) {
      return grantRole(store.db, { ...params, role: body.role, schoolId: body.schoolId, actor: principal });
    },
  }),
  defineRoute({
    operationId: 'revokeGrant',
    method: 'POST',
    path: `${districtPath}/people/:personId/grants/revoke`,
    summary: 'Take a grant back (matched exactly: role and school).',
    tag: 'accounts',
    permission: 'accounts',
    params: personParams,
    body: grantBody,
    success: { status: 200, description: 'The grant taken back.' },
    errors: ['GRANT_NOT_FOUND', 'GRANT_INVALID'],
    async handle({ store, params, body, principal }) {
      return revokeGrant(store.db, { ...params, role: body.role, schoolId: body.schoolId, actor: principal });
    },
  }),
];
