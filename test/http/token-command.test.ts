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

  it('creates an installation token with --installation, lists it apart from districts’ tokens, and revokes it', async () => {
    const { cli } = api.harness;
    const created = await cli(
      '--json',
      'token',
      'create',
      '--installation',
      '--name',
      'provisioning',
      '--scope',
      'districts:write',
      '--scope',
      'districts:read',
    );
    expect(created.code).toBe(0);
    const token = created.json<{
      id: string;
      districtId: string | null;
      name: string;
      scopes: string[];
      token: string;
    }>();
    expect(token).toEqual({
      id: expect.any(String),
      districtId: null,
      name: 'provisioning',
      scopes: ['districts:read', 'districts:write'],
      token: expect.stringMatching(/^rs_[A-Za-z0-9_-]{43}$/),
    });
    expect((await api.call(token.token, 'GET', '/api/v1/districts')).statusCode).toBe(200);

    const installationList = await cli('--json', 'token', 'list', '--installation');
    expect(installationList.stdout).not.toContain(token.token);
    const installationTokens = installationList.json<{
      tokens: { id: string; name: string; scopes: string[] }[];
    }>().tokens;
    expect(installationTokens).toContainEqual(
      expect.objectContaining({
        id: token.id,
        name: 'provisioning',
        scopes: ['districts:read', 'districts:write'],
      }),
    );
    const districtList = await cli('--json', 'token', 'list', '--district', api.a.districtId);
    expect(districtList.json<{ tokens: { id: string }[] }>().tokens.map((listed) => listed.id)).not.toContain(
      token.id,
    );

    const asDistrict = await cli('--json', 'token', 'revoke', '--district', api.a.districtId, token.id);
    expect(asDistrict.json<{ error: { code: string } }>().error.code).toBe('TOKEN_NOT_FOUND');
    const revoked = await cli('--json', 'token', 'revoke', '--installation', token.id);
    expect(revoked.code).toBe(0);
    expect(revoked.json<{ id: string }>().id).toBe(token.id);
    expect((await api.call(token.token, 'GET', '/api/v1/districts')).statusCode).toBe(401);
  });

  it('keeps installation and district scopes apart, and needs exactly one of --district and --installation', async () => {
    const { cli } = api.harness;
    const refusal = async (...args: string[]) => {
      const result = await cli('--json', 'token', ...args);
      expect(result.code).toBe(1);
      return result.json<{ error: { code: string; message: string } }>().error;
    };
    expect(
      await refusal(
        'create',
        '--installation',
        '--name',
        'x',
        '--scope',
        'districts:read',
        '--scope',
        'directory:read',
      ),
    ).toEqual({
      code: 'SCOPE_NOT_FOR_TOKEN_KIND',
      message:
        "An installation token acts on no district's data, so it cannot have directory:read. Its scopes: districts:read, districts:write; make a district's token for the rest.",
    });
    expect(
      await refusal('create', '--district', api.a.districtId, '--name', 'x', '--scope', 'districts:write'),
    ).toEqual({
      code: 'SCOPE_NOT_FOR_TOKEN_KIND',
      message:
        "A district's token cannot have districts:write: creating and listing districts takes an installation token (token create --installation). Its scopes: directory:read, directory:write, changes:read, syncs:read, syncs:write.",
    });
    expect((await refusal('create', '--installation', '--name', 'x')).code).toBe('SCOPE_REQUIRED');
    const neither = {
      code: 'ARGUMENT_INVALID',
      message: 'Give either --district ID or --installation (not both).',
    };
    expect(await refusal('create', '--name', 'x', '--scope', 'districts:read')).toEqual(neither);
    expect(await refusal('list', '--installation', '--district', api.a.districtId)).toEqual(neither);
    expect(await refusal('revoke', '01900000-0000-7000-8000-0000000000ff')).toEqual(neither);
    const unknown = await refusal('revoke', '--installation', '01900000-0000-7000-8000-0000000000ff');
    expect(unknown.code).toBe('TOKEN_NOT_FOUND');
  });
});
