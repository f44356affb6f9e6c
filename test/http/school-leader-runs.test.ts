import { beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../src/accounts/accept-invitation.ts';
import { grantRole } from '../../src/accounts/grant-role.ts';
import { invitePerson } from '../../src/accounts/invite-person.ts';
import { signIn } from '../../src/accounts/sign-in.ts';
import { createSchool } from '../../src/directory/create-school.ts';
import { createStaff } from '../../src/directory/operations/create-staff.ts';
import type { Grant } from '../../src/directory/principal.ts';
import { smallDistrict } from '../support/small-district.ts';
import { useApiFixture, type ApiDistrict } from './api-fixture.ts';

/**
 * SPEC §7: a school leader views their school's runs and reports. District A's config is
 * district-level and rosters Lincoln (it carries School ID 0042); the Annex is a school no
 * sync rosters, with a school-level config of its own.
 */
const api = useApiFixture();
const url = (district: ApiDistrict, rest = ''): string => `/api/v1/districts/${district.districtId}${rest}`;
const db = () => api.harness.store.db;

let annex: string;
let annexConfigId: string;
let annexRunId: string;

/** A staff member made by hand in the school, with these grants, signed in: their Cookie header. */
async function leaderSession(district: ApiDistrict, schoolId: string, grants: Grant[]): Promise<string> {
  const system = { kind: 'system', districtId: district.districtId } as const;
  const email = `leader.${Math.random().toString(36).slice(2)}@example.org`;
  const { personId } = await createStaff(db(), system, {
    schoolId,
    givenName: 'Lee',
    familyName: 'Leader',
    email,
    kind: 'administrator',
  });
  for (const grant of grants) {
    await grantRole(db(), {
      districtId: district.districtId,
      personId,
      role: grant.role,
      schoolId: 'schoolId' in grant ? grant.schoolId : null,
      actor: system,
    });
  }
  const invitation = await invitePerson(db(), { districtId: district.districtId, personId, actor: system });
  const password = 'a long enough password for tests';
  await acceptInvitation(db(), { token: invitation.token, password });
  const signedIn = await signIn(db(), { districtId: district.districtId, credential: email, password });
  return `rostersync_session=${signedIn.sessionToken}`;
}

function get(cookie: string, path: string) {
  return api.app.inject({ method: 'GET', url: path, headers: { cookie } });
}

beforeAll(async () => {
  const { a } = api;
  annex = (await createSchool(db(), { districtId: a.districtId, name: 'Annex' })).id;
  const config = await api.harness.cli(
    '--json',
    'config',
    'create',
    '--district',
    a.districtId,
    '--school',
    annex,
    '--source',
    'oneroster-csv',
    '--path',
    api.harness.bundles.write(smallDistrict()),
    '--name',
    'annex',
    // The district's config manages the district's guardians.
    '--set',
    'manageGuardians=off',
  );
  if (config.code !== 0) throw new Error(`config create failed: ${config.stdout}`);
  annexConfigId = config.json<{ id: string }>().id;
  const run = await api.harness.sync(annexConfigId, '--dry-run');
  annexRunId = run.summary.id;
});

describe('a school leader’s runs (SPEC §7)', () => {
  it('sees the runs of the syncs that roster their school, and nothing of the others', async () => {
    const { a } = api;
    const lincoln = Object.values(a.schools)[0]!;
    const lincolnLeader = await leaderSession(a, lincoln, [{ role: 'school_leader', schoolId: lincoln }]);
    const listed = await get(lincolnLeader, url(a, '/runs?limit=100'));
    expect(listed.statusCode).toBe(200);
    const runs = listed.json<{ items: { id: string; configId: string }[] }>().items;
    expect(runs.map((run) => run.id)).toContain(a.runId);
    expect(runs.every((run) => run.configId === a.configId)).toBe(true);
    expect((await get(lincolnLeader, url(a, `/runs/${a.runId}`))).statusCode).toBe(200);
    expect((await get(lincolnLeader, url(a, `/runs/${a.runId}/changes?limit=5`))).statusCode).toBe(200);
    expect((await get(lincolnLeader, url(a, `/runs/${a.runId}/findings`))).statusCode).toBe(200);
    expect((await get(lincolnLeader, url(a, `/runs/${a.runId}/findings.csv`))).statusCode).toBe(200);

    const refused = await get(lincolnLeader, url(a, `/runs/${annexRunId}`));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringContaining('SPEC §7') },
    });
    for (const list of ['changes', 'findings', 'findings.csv']) {
      expect((await get(lincolnLeader, url(a, `/runs/${annexRunId}/${list}`))).statusCode).toBe(403);
    }
  });

  it('a leader of a school that only a school-level config rosters sees that config’s runs alone', async () => {
    const { a } = api;
    const annexLeader = await leaderSession(a, annex, [{ role: 'school_leader', schoolId: annex }]);
    const listed = await get(annexLeader, url(a, '/runs'));
    expect(listed.json<{ items: { id: string }[] }>().items.map((run) => run.id)).toEqual([annexRunId]);
    expect((await get(annexLeader, url(a, `/runs/${a.runId}`))).statusCode).toBe(403);
    const ofOtherConfig = await get(annexLeader, url(a, `/runs?configId=${a.configId}`));
    expect(ofOtherConfig.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('other grants read no runs; nor does a leader act on them', async () => {
    const { a } = api;
    const lincoln = Object.values(a.schools)[0]!;
    const rostering = await leaderSession(a, lincoln, [{ role: 'rostering_admin', schoolId: lincoln }]);
    const refused = await get(rostering, url(a, '/runs'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(rostering, url(a, `/runs/${a.runId}`))).statusCode).toBe(403);

    const leader = await leaderSession(a, lincoln, [{ role: 'school_leader', schoolId: lincoln }]);
    const rollback = await api.app.inject({
      method: 'POST',
      url: url(a, `/runs/${a.runId}/rollback`),
      headers: { cookie: leader },
      payload: { dryRun: true },
    });
    expect(rollback.statusCode).toBe(403);
    // Another district's run stays not found to a leader as to anyone.
    expect((await get(leader, url(a, `/runs/${api.b.runId}`))).statusCode).toBe(404);
  });
});
