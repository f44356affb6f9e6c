import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SecretBox } from '../../src/config/secret-box.ts';
import type { SettingChange } from '../../src/sync/diff-settings.ts';
import type { CliResult } from '../support/cli-harness.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';

const harness = useScenarioHarness();
const { cli, sync } = harness;

/** Values that must never appear in any output, error, finding or stored row. */
const token = 'TOKEN-do-not-print-7f3a9c41';
const rotatedToken = 'TOKEN-rotated-do-not-print-0d2e';
const clientSecret = 'CLIENT-SECRET-do-not-print-51b2';
const cleverDistrictId = '5f1d3a7e9c2b4a0012345678';
/** A port nothing listens on: these tests never reach a server unless they start one. */
const nowhere = 'http://127.0.0.1:9/';

interface Shown {
  source: string;
  sourceOptions: Record<string, unknown>;
  settings: { clever: { schoolScope: string } };
}
interface Refusal {
  error: { code: string; message: string };
}

async function districtId(): Promise<string> {
  const created = await cli('--json', 'district', 'create', '--name', 'Clever ISD');
  expect(created.code, created.stderr).toBe(0);
  return created.json<{ id: string }>().id;
}

function createClever(district: string, ...sets: string[]): Promise<CliResult> {
  return cli(
    '--json',
    'config',
    'create',
    '--district',
    district,
    '--source',
    'clever',
    ...sets.flatMap((set) => ['--set', set]),
  );
}

async function cleverConfig(district: string, ...sets: string[]): Promise<string> {
  const created = await createClever(district, ...sets);
  expect(created.code, created.stderr).toBe(0);
  return created.json<{ id: string }>().id;
}

async function storedOptions(configId: string): Promise<Record<string, unknown>> {
  const row = await harness.store.db
    .selectFrom('sync_configs')
    .select('source_options')
    .where('id', '=', configId)
    .executeTakeFirstOrThrow();
  return row.source_options;
}

const sealedOf = (value: unknown): string => (value as { sealed: string }).sealed;

/** A server that refuses every request (401) and keeps what it was sent. */
async function refusingServer(): Promise<{
  url: string;
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    headers.push(request.headers);
    // A careless server echoes what it was sent; none of it may reach a finding.
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: `invalid credentials: ${request.headers.authorization ?? ''}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('rostersync config create --source clever', () => {
  it('creates a config with a district token, routing option keys to the source and the rest to settings', async () => {
    const district = await districtId();
    const configId = await cleverConfig(
      district,
      `district_id=${cleverDistrictId}`,
      `token=${token}`,
      `base_url=${nowhere}`,
      'clever.schoolScope=all',
    );
    const shown = (await cli('--json', 'config', 'show', configId)).json<Shown>();
    expect(shown.source).toBe('clever');
    expect(shown.sourceOptions).toEqual({
      district_id: cleverDistrictId,
      token: '•••• (set)',
      base_url: nowhere,
    });
    expect(shown.settings.clever.schoolScope).toBe('all');

    const text = (await cli('config', 'show', configId)).stdout;
    expect(text).toContain(
      [
        'source: clever',
        `  district_id  ${cleverDistrictId}`,
        '  token        •••• (set)',
        `  base_url     ${nowhere}`,
      ].join('\n'),
    );
    expect(text).not.toContain(token);
  });

  it('creates a config with app client id and secret; only the secret is sealed', async () => {
    const district = await districtId();
    const configId = await cleverConfig(
      district,
      `district_id=${cleverDistrictId}`,
      'client_id=app-client-1',
      `client_secret=${clientSecret}`,
      'api_version=v3.1',
    );
    expect((await cli('--json', 'config', 'show', configId)).json<Shown>().sourceOptions).toEqual({
      district_id: cleverDistrictId,
      client_id: 'app-client-1',
      client_secret: '•••• (set)',
      api_version: 'v3.1',
    });
    const stored = await storedOptions(configId);
    expect(stored.client_id).toBe('app-client-1');
    expect(sealedOf(stored.client_secret)).toMatch(/^v1:/);
    expect(harness.store.secrets.open(sealedOf(stored.client_secret))).toBe(clientSecret);
  });

  it('stores no secret in the database row: the token is sealed and opens with the store key only', async () => {
    const district = await districtId();
    const configId = await cleverConfig(district, `district_id=${cleverDistrictId}`, `token=${token}`);
    const stored = await storedOptions(configId);
    expect(Object.keys(stored).sort()).toEqual(['district_id', 'token']);
    expect(stored.token).toEqual({ sealed: expect.stringMatching(/^v1:[A-Za-z0-9+/]+=*$/) as string });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(harness.store.secrets.open(sealedOf(stored.token))).toBe(token);
    expect(() => new SecretBox(randomBytes(32)).open(sealedOf(stored.token))).toThrow(
      expect.objectContaining({ code: 'SECRET_UNREADABLE' }) as Error,
    );
    // Nor anywhere else: the config's history and every row mentioning the config.
    const rows = await harness.store.db
      .selectFrom('config_changes')
      .selectAll()
      .where('config_id', '=', configId)
      .execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a config without district_id, or without credentials, storing nothing', async () => {
    const district = await districtId();
    const noDistrict = await createClever(district, `token=${token}`);
    expect(noDistrict.code).toBe(1);
    expect(noDistrict.json<Refusal>().error).toEqual({
      code: 'SOURCE_OPTIONS_INVALID',
      message: 'The config is refused: a clever config needs district_id (the Clever district id).',
    });
    expect(noDistrict.stderr).not.toContain(token);
    const noCredentials = await createClever(
      district,
      `district_id=${cleverDistrictId}`,
      'client_id=app-client-1',
    );
    expect(noCredentials.json<Refusal>().error.message).toBe(
      'The config is refused: a clever config needs token, or client_id and client_secret.',
    );
    const badUrl = await createClever(
      district,
      `district_id=${cleverDistrictId}`,
      `token=${token}`,
      'base_url=ftp://x',
    );
    expect(badUrl.json<Refusal>().error.message).toBe(
      'The config is refused: base_url must be an http(s) URL.',
    );
    const configs = await harness.store.db
      .selectFrom('sync_configs')
      .select('id')
      .where('district_id', '=', district)
      .execute();
    expect(configs).toEqual([]);
  });

  it('refuses an unknown option with the nearest option or setting suggested', async () => {
    const district = await districtId();
    const misspelt = await createClever(district, `distrct_id=${cleverDistrictId}`, `token=${token}`);
    expect(misspelt.code).toBe(1);
    expect(misspelt.json<Refusal>().error).toMatchObject({
      code: 'SETTING_UNKNOWN',
      message: 'Unknown setting or clever option "distrct_id". Did you mean "district_id"?',
    });
    const setting = await createClever(
      district,
      `district_id=${cleverDistrictId}`,
      `token=${token}`,
      'manageGuardian=off',
    );
    expect(setting.json<Refusal>().error.code).toBe('SETTING_UNKNOWN');
    expect(setting.json<Refusal>().error.message).toMatch(
      /^Unknown setting "manageGuardian"\. Did you mean "manageGuardians"\?/,
    );
    const unknown = await createClever(
      district,
      `district_id=${cleverDistrictId}`,
      `token=${token}`,
      'colour=blue',
    );
    expect(unknown.json<Refusal>().error.code).toBe('SETTING_UNKNOWN');
    // A Clever option on another source is no option of it, and no setting either.
    const elsewhere = await cli(
      '--json',
      'config',
      'create',
      '--district',
      district,
      '--source',
      'oneroster-csv',
      '--path',
      tmpdir(),
      '--set',
      `token=${token}`,
    );
    expect(elsewhere.json<Refusal>().error.code).toBe('SETTING_UNKNOWN');
    expect(elsewhere.stdout + elsewhere.stderr).not.toContain(token);
    // A word that is not key=value might be a secret typed with the wrong separator.
    const colon = await createClever(district, `district_id=${cleverDistrictId}`, `token:${token}`);
    expect(colon.json<Refusal>().error).toEqual({
      code: 'ARGUMENT_INVALID',
      message: 'Argument 2 of the key=value list is not key=value (not shown: it may be a secret).',
    });
    expect(colon.stdout + colon.stderr).not.toContain(token);
  });
});

describe('rostersync config set-source', () => {
  it('rotates the token: sealed anew, checked by the source, recorded as a secret change', async () => {
    const district = await districtId();
    const configId = await cleverConfig(district, `district_id=${cleverDistrictId}`, `token=${token}`);
    const before = sealedOf((await storedOptions(configId)).token);

    const rotated = await cli(
      '--json',
      'config',
      'set-source',
      configId,
      `token=${rotatedToken}`,
      `base_url=${nowhere}`,
    );
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json<{ changes: SettingChange[] }>().changes).toEqual([
      { key: 'source.base_url', before: null, after: nowhere },
      { key: 'source.token', before: '(set)', after: '(secret changed)' },
    ]);
    const stored = await storedOptions(configId);
    expect(sealedOf(stored.token)).not.toBe(before);
    expect(harness.store.secrets.open(sealedOf(stored.token))).toBe(rotatedToken);

    // Switching to app credentials: the token goes, client id and secret come, in one change.
    const switched = await cli(
      'config',
      'set-source',
      configId,
      'client_id=app-client-1',
      `client_secret=${clientSecret}`,
      '--unset',
      'token',
    );
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stdout).toBe(
      [
        'source.client_id: none → app-client-1',
        'source.client_secret: none → (secret changed)',
        'source.token: (set) → none',
        '',
      ].join('\n'),
    );
    expect(Object.keys(await storedOptions(configId)).sort()).toEqual([
      'base_url',
      'client_id',
      'client_secret',
      'district_id',
    ]);

    const history = (await cli('config', 'history', configId)).stdout;
    expect(history).toContain('  source.token: (set) → (secret changed)');
    expect(history).toContain('  source.client_secret: none → (secret changed)');
  });

  it('refuses a change the source would not take, an unknown option, and an empty value; nothing changes', async () => {
    const district = await districtId();
    const configId = await cleverConfig(district, `district_id=${cleverDistrictId}`, `token=${token}`);
    const stored = await storedOptions(configId);
    const refusal = async (...args: string[]) => {
      const result = await cli('--json', 'config', 'set-source', configId, ...args);
      expect(result.code).toBe(1);
      return result.json<Refusal>().error;
    };
    expect(await refusal('--unset', 'token')).toEqual({
      code: 'SOURCE_OPTIONS_INVALID',
      message: 'The change is refused: a clever config needs token, or client_id and client_secret.',
    });
    expect(await refusal('--unset', 'district_id')).toEqual({
      code: 'SOURCE_OPTIONS_INVALID',
      message: 'The change is refused: a clever config needs district_id (the Clever district id).',
    });
    expect(await refusal(`tokn=${rotatedToken}`)).toEqual({
      code: 'SOURCE_OPTIONS_INVALID',
      message:
        'Unknown clever option "tokn". Did you mean "token"? Its options: district_id, token, client_id, client_secret, base_url, token_url, api_version.',
    });
    expect((await refusal('token=')).code).toBe('ARGUMENT_INVALID');
    expect((await refusal()).code).toBe('ARGUMENT_INVALID');
    expect(await storedOptions(configId)).toEqual(stored);
    expect(
      (await cli('--json', 'config', 'history', configId)).json<{ history: unknown[] }>().history,
    ).toHaveLength(1);
  });
});

describe('secrets in a run', () => {
  it('sends the opened token to the source and never prints it: create, show, history, set-source, sync', async () => {
    const server = await refusingServer();
    try {
      const district = await districtId();
      const outputs: CliResult[] = [];
      const run = async (...args: string[]) => {
        const result = await cli(...args);
        outputs.push(result);
        return result;
      };
      const created = await run(
        '--json',
        'config',
        'create',
        '--district',
        district,
        '--source',
        'clever',
        '--set',
        `district_id=${cleverDistrictId}`,
        '--set',
        `token=${token}`,
        '--set',
        `base_url=${server.url}`,
      );
      const configId = created.json<{ id: string }>().id;
      for (const json of [[], ['--json']]) {
        await run(...json, 'config', 'show', configId, '--history');
        await run(...json, 'config', 'history', configId);
      }
      const synced = await run('--json', 'sync', configId);
      expect(synced.code).toBe(1);
      const summary = synced.json<{
        id: string;
        status: string;
        findings: { code: string; message: string }[];
      }>();
      expect(summary.status).toBe('failed_credentials');
      expect(summary.findings.map((finding) => finding.code)).toEqual(['SOURCE_CREDENTIALS_REJECTED']);
      // The source got the plain token: it was opened for the read, and only there.
      expect(server.headers[0]?.authorization).toBe(`Bearer ${token}`);

      await run('config', 'set-source', configId, `token=${rotatedToken}`);
      await run('--json', 'config', 'set-source', configId, `token=${token}`);
      await run('sync', configId);
      expect(server.headers.at(-1)?.authorization).toBe(`Bearer ${token}`);
      await run('run', 'show', summary.id);
      await run('--json', 'runs', '--district', district);
      await run('config', 'show', configId, '--history');

      expect(outputs.length).toBeGreaterThan(10);
      for (const output of outputs) {
        for (const secret of [token, rotatedToken]) {
          expect(output.stdout).not.toContain(secret);
          expect(output.stderr).not.toContain(secret);
        }
      }
      const findings = await harness.store.db.selectFrom('findings').select('message').execute();
      expect(JSON.stringify(findings)).not.toContain(token);
      const runs = await harness.store.db
        .selectFrom('runs')
        .selectAll()
        .where('config_id', '=', configId)
        .execute();
      expect(JSON.stringify(runs)).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it('ends the run failed_credentials when a secret does not open with this key', async () => {
    const district = await districtId();
    const configId = await cleverConfig(
      district,
      `district_id=${cleverDistrictId}`,
      `token=${token}`,
      `base_url=${nowhere}`,
    );
    // As if sealed by another installation (or the key changed since).
    const foreign = new SecretBox(randomBytes(32)).seal(token);
    await harness.store.db
      .updateTable('sync_configs')
      .set({
        source_options: JSON.stringify({ ...(await storedOptions(configId)), token: { sealed: foreign } }),
      })
      .where('id', '=', configId)
      .execute();
    const { code, summary } = await sync(configId);
    expect(code).toBe(1);
    expect(summary.status).toBe('failed_credentials');
    expect(summary.findings).toEqual([
      expect.objectContaining({
        code: 'SOURCE_CREDENTIALS_REJECTED',
        message: expect.stringMatching(
          /^The config's token cannot be used\. A stored secret cannot be opened: it was sealed with another secret key/,
        ) as string,
      }),
    ]);
    expect(JSON.stringify(summary)).not.toContain(token);
    // Storing the secret again mends it without opening the old one.
    expect((await cli('config', 'set-source', configId, `token=${token}`)).code).toBe(0);
    expect(harness.store.secrets.open(sealedOf((await storedOptions(configId)).token))).toBe(token);
  });

  it('refuses a ROSTERSYNC_SECRET_KEY that is not a key before opening the store, without showing it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rostersync-badkey-'));
    try {
      let stdout = '';
      let stderr = '';
      const badKey = 'not-a-key-but-maybe-a-password';
      const code = await main(['--data-dir', folder, 'district', 'list'], {
        io: { out: (text) => (stdout += text), err: (text) => (stderr += text), isInteractive: false },
        env: { ROSTERSYNC_SECRET_KEY: badKey },
      });
      expect(code).toBe(1);
      expect(stderr).toBe(
        'error: ROSTERSYNC_SECRET_KEY is not a usable secret key: it must be the base64 of 32 random bytes ' +
          '(44 characters; `openssl rand -base64 32` makes one), but it is not base64.\n',
      );
      expect(stdout + stderr).not.toContain(badKey);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
