import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { grantRole } from '../../src/accounts/grant-role.ts';
import { invitePerson } from '../../src/accounts/invite-person.ts';
import { operatorScopes } from '../../src/directory/principal.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { createApiToken } from '../../src/http/tokens/create-api-token.ts';
import { useScenarioHarness, type ScenarioHarness } from '../support/scenario-harness.ts';
import type { BundleFiles } from '../support/bundle-builder.ts';
import { smallDistrict } from '../support/small-district.ts';
import { writeZip } from '../support/write-zip.ts';
import { createSmallDistrict, type SyncedDistrict } from '../support/sync-fixture.ts';

/** A district synced from the small district, with a token holding every scope and the ids a test needs. */
export interface ApiDistrict extends SyncedDistrict {
  name: string;
  token: string;
  /** The id of `token`. */
  tokenId: string;
  runId: string;
  personId: string;
  classroomId: string;
}

export interface ApiFixture {
  readonly harness: ScenarioHarness;
  readonly app: FastifyInstance;
  readonly a: ApiDistrict;
  readonly b: ApiDistrict;
  /** Calls the API with a bearer token (null: none). */
  call(
    token: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Uploads a ZIP body (application/zip) with a bearer token. */
  upload(token: string | null, url: string, zip: Buffer): Promise<LightMyRequestResponse>;
  /** A bundle as a ZIP. */
  zipOf(files: BundleFiles): Promise<Buffer>;
  /**
   * Makes the person with this email a district admin with a password (granted and invited by
   * rostersync itself, accepted and signed in over the API) and returns their Cookie header.
   */
  signInAdmin(district: ApiDistrict, email?: string): Promise<string>;
  /** A token of a district with only these scopes. */
  tokenWith(district: ApiDistrict, scopes: readonly string[]): Promise<string>;
  /** An installation token (no district) with these scopes. */
  installationToken(scopes: readonly string[]): Promise<string>;
}

/**
 * What the HTTP tests share: one store, two districts synced from the small district (A and
 * B, so every test can check that A's principal never reaches B), a token per district with
 * every scope, and the server on the store, called with `inject()`.
 */
export function useApiFixture(): ApiFixture {
  const harness = useScenarioHarness();
  let app: FastifyInstance | undefined;
  const districts: ApiDistrict[] = [];
  beforeAll(async () => {
    for (const name of ['Springfield', 'Shelbyville']) {
      const synced = await createSmallDistrict(harness.cli, harness.bundles.write(smallDistrict()), { name });
      const { code, summary } = await harness.sync(synced.configId);
      if (code !== 0) throw new Error(`the sync of ${name} failed: ${summary.status}`);
      const exported = await harness.exportOf(synced.districtId);
      const { token, id: tokenId } = await createApiToken(harness.store.db, {
        districtId: synced.districtId,
        name: 'tests',
        scopes: operatorScopes,
        createdBy: 'tests',
      });
      districts.push({
        ...synced,
        name,
        token,
        tokenId,
        runId: summary.id,
        personId: exported.people[0]!.id,
        classroomId: exported.classrooms[0]!.id,
      });
    }
    app = buildServer({ store: harness.store, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });
  const started = (): FastifyInstance => {
    if (!app) throw new Error('the API fixture is used before its beforeAll ran');
    return app;
  };
  return {
    harness,
    get app() {
      return started();
    },
    get a() {
      started();
      return districts[0]!;
    },
    get b() {
      started();
      return districts[1]!;
    },
    call(token, method, url, body) {
      return started().inject({
        method,
        url,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
    },
    upload(token, url, zip) {
      return started().inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/zip',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        payload: zip,
      });
    },
    async zipOf(files) {
      const folder = harness.bundles.write(files);
      const entries: Record<string, Buffer> = {};
      for (const name of readdirSync(folder)) entries[name] = readFileSync(path.join(folder, name));
      const zipPath = `${folder}.zip`;
      await writeZip(zipPath, entries);
      return readFileSync(zipPath);
    },
    async signInAdmin(district, email = 'dscully@springfield.example.org') {
      const { db } = harness.store;
      const person = await db
        .selectFrom('people')
        .select('id')
        .where('district_id', '=', district.districtId)
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const system = { kind: 'system', districtId: district.districtId } as const;
      await grantRole(db, {
        districtId: district.districtId,
        personId: person.id,
        role: 'district_admin',
        actor: system,
      });
      const invitation = await invitePerson(db, {
        districtId: district.districtId,
        personId: person.id,
        actor: system,
      });
      const base = `/api/v1/districts/${district.districtId}`;
      const password = 'correct horse battery staple';
      const accepted = await started().inject({
        method: 'POST',
        url: `${base}/invitations/accept`,
        payload: { token: invitation.token, password },
      });
      if (accepted.statusCode !== 200) throw new Error(`accepting failed: ${accepted.body}`);
      const signedIn = await started().inject({
        method: 'POST',
        url: `${base}/sessions`,
        payload: { credential: email, password },
      });
      if (signedIn.statusCode !== 201) throw new Error(`signing in failed: ${signedIn.body}`);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
      return cookie;
    },
    async tokenWith(district, scopes) {
      const created = await createApiToken(harness.store.db, {
        districtId: district.districtId,
        name: 'narrow',
        scopes,
        createdBy: 'tests',
      });
      return created.token;
    },
    async installationToken(scopes) {
      const created = await createApiToken(harness.store.db, {
        districtId: null,
        name: 'installation',
        scopes,
        createdBy: 'tests',
      });
      return created.token;
    },
  };
}
