import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncConfig } from '../../src/sync/create-sync-config.ts';
import type { CleverData } from '../../src/testkit/fake-clever/clever-data.ts';
import { startFakeClever, type FakeClever } from '../../src/testkit/fake-clever/fake-clever-server.ts';
import { loadCleverData } from '../../src/testkit/fake-clever/load-clever-data.ts';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';

const harness = useScenarioHarness();
const { cli, sync, exportOf } = harness;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoDir = path.resolve(repoRoot, '../shared/data/clever-demo-district');
const hasDemo = existsSync(demoDir);
if (!hasDemo)
  process.stderr.write(`clever-sync.test.ts: ${demoDir} is absent; the demo-district test is skipped.\n`);

let workDir: string;
let generated: CleverData;
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'rostersync-clever-'));
  await generateBundle({ students: 240, seed: 11, outDir: workDir, format: 'clever-json' });
  generated = await loadCleverData(workDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A district with one directory school per Clever school id, and a Clever config reading `fake`. */
async function cleverDistrict(
  fake: FakeClever,
  schoolIds: readonly string[],
  sourceOptions: Record<string, unknown> = {},
): Promise<{ districtId: string; configId: string }> {
  const district = await cli(
    '--json',
    'district',
    'create',
    '--name',
    'Clever ISD',
    '--time-zone',
    'America/Chicago',
  );
  const districtId = district.json<{ id: string }>().id;
  for (const [i, id] of schoolIds.entries()) {
    const school = await cli(
      'school',
      'create',
      '--district',
      districtId,
      '--name',
      `School ${i}`,
      '--school-id',
      id,
    );
    expect(school.code).toBe(0);
  }
  const { id: configId } = await createSyncConfig(harness.store.db, {
    districtId,
    source: 'clever',
    secrets: harness.store.secrets,
    sourceOptions: {
      district_id: fake.data.districts[0]!.id,
      token: 'fake-district-token',
      base_url: fake.url,
      ...sourceOptions,
    },
  });
  return { districtId, configId };
}

const withRole = (data: CleverData, role: string): number =>
  data.users.filter((user) => (user.roles as Record<string, unknown>)[role] !== undefined).length;

function nothingChanged(counts: Record<string, Record<string, number>>): boolean {
  return Object.values(counts).every((c) => c.created === 0 && c.updated === 0 && c.archived === 0);
}

describe('a Clever sync through the fake Clever server (HTTP)', () => {
  it('reads a generated district page by page into the directory; a second run changes nothing', async () => {
    const fake = await startFakeClever({ data: structuredClone(generated), faults: { pageSizeCap: 50 } });
    try {
      const { districtId, configId } = await cleverDistrict(
        fake,
        fake.data.schools.map((school) => school.id),
      );
      const { code, summary } = await sync(configId);
      expect(summary.status).toMatch(/^succeeded/);
      expect(code).toBe(0);
      expect(summary.counts.students!.created).toBe(withRole(fake.data, 'student'));
      expect(summary.counts.staff!.created).toBe(
        withRole(fake.data, 'teacher') + withRole(fake.data, 'staff') + withRole(fake.data, 'district_admin'),
      );
      expect(summary.counts.classrooms!.created).toBe(fake.data.sections.length);
      expect(summary.counts.guardians!.created).toBeGreaterThan(0);
      // Paged: several requests per listing at 50 a page.
      expect(fake.requests.filter((r) => r.path.startsWith('/v3.0/users')).length).toBeGreaterThan(5);
      const directory = await exportOf(districtId);
      expect(directory.people.filter((p) => p.roles.some((r) => r.isDistrictLevel))).toHaveLength(
        withRole(fake.data, 'district_admin'),
      );
      expect(nothingChanged((await sync(configId)).summary.counts)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('a users page that keeps failing makes the read partial: nothing is removed, and the next run recovers', async () => {
    const fake = await startFakeClever({ data: structuredClone(generated), faults: { pageSizeCap: 100 } });
    try {
      const { configId } = await cleverDistrict(
        fake,
        fake.data.schools.map((school) => school.id),
      );
      expect((await sync(configId)).code).toBe(0);
      // One student really leaves; then page 2 of /v3.0/users fails on every attempt.
      const leaver = fake.data.users.find((user) => (user.roles as Record<string, unknown>).student)!;
      fake.data.users.splice(fake.data.users.indexOf(leaver), 1);
      fake.setFaults({ pageSizeCap: 100, failPage: { path: '/v3.0/users', page: 2, times: Infinity } });
      const failed = await sync(configId);
      expect(failed.summary.findings.map((f) => f.code)).toContain('CLEVER_PAGE_FAILED');
      expect(failed.summary.status).toBe('held_incomplete');
      expect(failed.summary.counts.students!.archived).toBe(0);
      expect(failed.summary.counts.guardians!.archived).toBe(0);
      // Clever recovers: the one student who left is archived, nobody else.
      fake.setFaults({ pageSizeCap: 100 });
      const recovered = await sync(configId);
      expect(recovered.summary.status).toMatch(/^succeeded/);
      expect(recovered.summary.counts.students!.archived).toBe(1);
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('waits out a 429 and finishes; a rejected token ends the run failed_credentials', async () => {
    const fake = await startFakeClever({
      data: structuredClone(generated),
      faults: { pageSizeCap: 200, rateLimitAfter: 4, rateLimitResetSeconds: 1 },
    });
    try {
      const schools = fake.data.schools.map((school) => school.id);
      const { configId } = await cleverDistrict(fake, schools);
      const limited = await sync(configId);
      expect(limited.code).toBe(0);
      expect(limited.summary.findings.map((f) => f.code)).toContain('CLEVER_RATE_LIMITED');
      expect(limited.summary.counts.students!.created).toBe(withRole(fake.data, 'student'));

      const { configId: badConfig } = await cleverDistrict(fake, [], { token: 'not-a-token' });
      fake.setFaults({});
      const refused = await sync(badConfig);
      expect(refused.code).toBe(1);
      expect(refused.summary.status).toBe('failed_credentials');
      expect(refused.summary.findings.map((f) => f.code)).toEqual(['SOURCE_CREDENTIALS_REJECTED']);
      expect(JSON.stringify(refused.summary)).not.toContain('not-a-token');
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('the contact filters and the school scope come from the config settings', async () => {
    const fake = await startFakeClever({ data: structuredClone(generated) });
    try {
      const schools = fake.data.schools.map((school) => school.id);
      const { districtId, configId } = await cleverDistrict(fake, schools);
      const first = await sync(configId);
      const parentsOnly = first.summary.counts.guardians!.created!;
      const set = await cli(
        'config',
        'set',
        configId,
        'clever.contactTypes=Parent/Guardian,Emergency,Family',
        'clever.schoolScope=all',
      );
      expect(set.stderr).toBe('');
      expect(set.code).toBe(0);
      const second = await sync(configId);
      expect(second.summary.counts.guardians!.created).toBeGreaterThan(0);
      const guardians = (await exportOf(districtId)).people.filter((p) =>
        p.roles.some((role) => role.role === 'guardian' && !role.archived),
      );
      expect(guardians.length).toBe(parentsOnly + second.summary.counts.guardians!.created!);
    } finally {
      await fake.close();
    }
  });

  it('a contact without a SIS id whose Clever id changes stays the same guardian, and the re-key is reported', async () => {
    const fake = await startFakeClever({ data: structuredClone(generated) });
    try {
      const { districtId, configId } = await cleverDistrict(
        fake,
        fake.data.schools.map((school) => school.id),
      );
      expect((await sync(configId)).code).toBe(0);
      const before = await exportOf(districtId);
      const contact = fake.data.users.find((user) => {
        const role = (
          user.roles as Record<string, { sis_id?: string; student_relationships?: { type?: string }[] }>
        ).contact;
        return role && !role.sis_id && role.student_relationships?.some((r) => r.type === 'Parent/Guardian');
      });
      expect(contact, 'the generated district has a parent contact without a sis_id').toBeDefined();
      // Clever re-issues the contact's id (kept in id order, as the fake serves records sorted).
      contact!.id = `${contact!.id}0`;
      const { summary } = await sync(configId);
      expect(summary.counts.guardians).toMatchObject({ created: 0, archived: 0 });
      expect(summary.counts.guardianLinks).toMatchObject({ created: 0, archived: 0 });
      const rekeyed = summary.findings.find((f) => f.code === 'CLEVER_CONTACT_REKEYED');
      expect(rekeyed?.value).toBe('1');
      expect((await exportOf(districtId)).people.map((p) => p.id)).toEqual(before.people.map((p) => p.id));
    } finally {
      await fake.close();
    }
  });

  it.skipIf(!hasDemo)(
    `reads Clever's recorded demo district${hasDemo ? '' : ' (SKIPPED: ../shared/data/clever-demo-district is absent)'}`,
    async () => {
      const data = await loadCleverData(demoDir);
      const fake = await startFakeClever({ data });
      try {
        const schoolIds = new Set<string>();
        for (const user of data.users) {
          const student = (user.roles as Record<string, { school?: string }>).student;
          if (student?.school) schoolIds.add(student.school);
        }
        for (const section of data.sections) schoolIds.add(section.school as string);
        // The demo has no schools listing; two teachers work at schools no student or section names.
        for (const user of data.users) {
          const teacher = (user.roles as Record<string, { schools?: string[] }>).teacher;
          for (const id of teacher?.schools ?? []) schoolIds.add(id);
        }
        const { districtId, configId } = await cleverDistrict(fake, [...schoolIds].sort());
        const { summary } = await sync(configId);
        expect(summary.status).toMatch(/^succeeded/);
        // 1004 students; 89 teachers and 3 district admins (district-level staff); with the
        // default contact filter (Parent/Guardian) 226 of the 1002 contacts are guardians.
        expect(summary.counts.students!.created).toBe(1004);
        expect(summary.counts.staff!.created).toBe(92);
        expect(summary.counts.guardians!.created).toBe(226);
        expect(summary.counts.classrooms!.created).toBe(378);
        const directory = await exportOf(districtId);
        expect(directory.people.filter((p) => p.roles.some((r) => r.isDistrictLevel))).toHaveLength(3);
      } finally {
        await fake.close();
      }
    },
    120_000,
  );
});
