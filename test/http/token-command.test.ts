import { describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();

describe('rostersync token', () => {
  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const { cli, store } = api.harness;
    const created = await cli(
      '--json',
      'token',
      'create',
      '--district',
      api.a.districtId,
      '--name',
      'host app',
      '--scope',
      'changes:read',
      '--scope',
      'directory:read',
    );
    expect(created.code).toBe(0);
    const token = created.json<{ id: string; token: string; scopes: string[] }>();
    expect(token.token).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    expect(token.scopes).toEqual(['directory:read', 'changes:read']);
    const stored = await store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token.token);

    const url = `/api/v1/districts/${api.a.districtId}/changes?limit=1`;
    expect((await api.call(token.token, 'GET', url)).statusCode).toBe(200);

    const listed = await cli('--json', 'token', 'list', '--district', api.a.districtId);
    expect(listed.stdout).not.toContain(token.token);
    expect(
      listed.json<{ tokens: { id: string; name: string; revokedAt: string | null }[] }>().tokens,
    ).toContainEqual(expect.objectContaining({ id: token.id, name: 'host app', revokedAt: null }));

    const revoked = await cli('--json', 'token', 'revoke', '--district', api.a.districtId, token.id);
    expect(revoked.code).toBe(0);
    expect((await api.call(token.token, 'GET', url)).statusCode).toBe(401);
  });

  it('refuses an unknown scope, no scope, and another district’s token id', async () => {
    const { cli } = api.harness;
    const unknown = await cli(
      '--json',
      'token',
      'create',
      '--district',
      api.a.districtId,
      '--name',
      'x',
      '--scope',
      'root',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('SCOPE_UNKNOWN');
    const none = await cli('--json', 'token', 'create', '--district', api.a.districtId, '--name', 'x');
    expect(none.json<{ error: { code: string } }>().error.code).toBe('SCOPE_REQUIRED');
    const ofB = await cli('--json', 'token', 'list', '--district', api.b.districtId);
    const tokenOfB = ofB.json<{ tokens: { id: string }[] }>().tokens[0]!.id;
    const crossed = await cli('--json', 'token', 'revoke', '--district', api.a.districtId, tokenOfB);
    expect(crossed.json<{ error: { code: string } }>().error.code).toBe('TOKEN_NOT_FOUND');
    expect((await api.call(api.b.token, 'GET', `/api/v1/districts/${api.b.districtId}`)).statusCode).toBe(
      200,
    );
  });
});
