import { z } from 'zod';
import { writeAccountAudit } from '../../accounts/write-account-audit.ts';
import { operatorScopes } from '../../directory/principal.ts';
import { defineRoute } from '../api-route.ts';
import { idParam } from '../register-api-route.ts';
import { createApiToken } from '../tokens/create-api-token.ts';
import { listApiTokens } from '../tokens/list-api-tokens.ts';
import { revokeApiToken } from '../tokens/revoke-api-token.ts';
import { districtParams, districtPath } from './route-params.ts';

/**
 * A district admin's API tokens for the host app and scripts (SPEC §7: operators, per-token
 * scopes, per district), as `rostersync token` makes them on the machine. A session only
 * (`accounts`): a token never makes tokens, or a host app could give itself any scope. The
 * token is answered once and stored as its hash; creating and revoking are audited.
 */
export const apiTokenRoutes = [
  defineRoute({
    operationId: 'listApiTokens',
    method: 'GET',
    path: `${districtPath}/api-tokens`,
    summary: 'The district’s API tokens (never the token itself), revoked ones included.',
    tag: 'accounts',
    permission: 'accounts',
    params: districtParams,
    success: { status: 200, description: 'The tokens, oldest first.' },
    async handle({ store, params }) {
      return { items: await listApiTokens(store.db, params.districtId) };
    },
  }),
  defineRoute({
    operationId: 'createApiToken',
    method: 'POST',
    path: `${districtPath}/api-tokens`,
    summary: 'Make an API token with the scopes it needs; the token is answered once.',
    tag: 'accounts',
    permission: 'accounts',
    params: districtParams,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(operatorScopes)).min(1),
    }),
    success: { status: 201, description: 'The token with its id and scopes: hand it to the host app, once.' },
    errors: ['SCOPE_NOT_FOR_TOKEN_KIND'],
    async handle({ store, params, body, principal }) {
      return store.db.transaction().execute(async (tx) => {
        const created = await createApiToken(tx, {
          districtId: params.districtId,
          name: body.name,
          scopes: body.scopes,
          createdBy: principal.kind === 'person' ? `person ${principal.personId}` : null,
        });
        await writeAccountAudit(tx, {
          districtId: params.districtId,
          actor: principal,
          entity: 'apiTokens',
          action: 'create',
          personId: created.id,
          relatedId: null,
          after: { name: created.name, scopes: created.scopes },
        });
        return created;
      });
    },
  }),
  defineRoute({
    operationId: 'revokeApiToken',
    method: 'DELETE',
    path: `${districtPath}/api-tokens/:tokenId`,
    summary: 'Revoke an API token: it stops working at once.',
    tag: 'accounts',
    permission: 'accounts',
    params: z.strictObject({ districtId: idParam, tokenId: idParam }),
    success: { status: 200, description: 'The token and when it was revoked.' },
    errors: ['TOKEN_NOT_FOUND'],
    async handle({ store, params, principal }) {
      return store.db.transaction().execute(async (tx) => {
        const revoked = await revokeApiToken(tx, { districtId: params.districtId, tokenId: params.tokenId });
        await writeAccountAudit(tx, {
          districtId: params.districtId,
          actor: principal,
          entity: 'apiTokens',
          action: 'remove',
          personId: revoked.id,
          relatedId: null,
          after: { revokedAt: revoked.revokedAt },
        });
        return revoked;
      });
    },
  }),
];
