import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncConfig } from '../../src/sync/create-sync-config.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import type { CleverData, CleverRecord } from '../../src/testkit/fake-clever/clever-data.ts';
import { startFakeClever, type FakeClever } from '../../src/testkit/fake-clever/fake-clever-server.ts';
import { loadCleverData } from '../../src/testkit/fake-clever/load-clever-data.ts';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { useScenarioHarness, type SyncSummary } from '../support/scenario-harness.ts';

const harness = useScenarioHarness();
const { cli, sync, exportOf } = harness;
const dayMs = 24 * 60 * 60 * 1000;

let workDir: string;
let generated: CleverData;
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'rostersync-clever-events-'));
  await generateBundle({ students: 200, seed: 7, outDir: workDir, format: 'clever-json' });
  generated = await loadCleverData(workDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A district with one directory school per Clever school, and a Clever config reading `fake`. */
async function cleverDistrict(fake: FakeClever): Promise<{ districtId: string; configId: string }> {
  const district = await cli('--json', 'district', 'create', '--name', 'Events ISD', '--time-zone', 'UTC');
  const districtId = district.json<{ id: string }>().id;
  for (const [i, school] of fake.data.schools.entries()) {
    const created = await cli(
      'school',
      'create',
      '--district',
      districtId,
      '--name',
      `School ${i}`,
      '--school-id',
      school.id,
    );
    expect(created.code).toBe(0);
  }
  const { id: configId } = await createSyncConfig(harness.store.db, {
    districtId,
    source: 'clever',
    secrets: harness.store.secrets,
    sourceOptions: {
      district_id: fake.data.districts[0]!.id,
      token: 'fake-district-token',
      base_url: fake.url,
    },
  });
  return { districtId, configId };
}

/** A fake serving the generated district, with one event so a full read has an event to start from. */
async function fakeWithBaseline(): Promise<FakeClever> {
  const fake = await startFakeClever({ data: structuredClone(generated) });
  const district = fake.data.districts[0]!;
  fake.recordEvent(
    'districts.updated',
    { ...district, name: `${String(district.name)} ` },
    { name: district.name },
  );
  return fake;
}

const readMode = (summary: SyncSummary) =>
  summary.findings.find((finding) => finding.code === 'CLEVER_READ_MODE');
const roles = (user: CleverRecord) => user.roles as Record<string, Record<string, unknown> | undefined>;
const students = (data: CleverData) => data.users.filter((user) => roles(user).student);

/** Created, updated and archived counts that are not zero, entity by entity. */
function changes(summary: SyncSummary): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const [entity, counts] of Object.entries(summary.counts)) {
    for (const action of ['created', 'updated', 'archived', 'unarchived'] as const) {
      if ((counts[action] ?? 0) > 0) (result[entity] ??= {})[action] = counts[action]!;
    }
  }
  return result;
}

/** The same run through `runSync`, at a moment of the test's choosing. */
async function syncAt(configId: string, now: Date): Promise<SyncSummary> {
  const summary = await runSync({ store: harness.store, configId, now: () => now });
  return { ...summary, counts: summary.counts as unknown as SyncSummary['counts'] } as unknown as SyncSummary;
}

describe('incremental Clever runs from the Events API (fake Clever over HTTP)', () => {
  it('applies exactly the events after a full read, changes nothing without events, and reads in full when the state is stale', async () => {
    const fake = await fakeWithBaseline();
    try {
      const { districtId, configId } = await cleverDistrict(fake);
      const first = await sync(configId);
      expect(first.summary.status).toMatch(/^succeeded/);
      expect(readMode(first.summary)?.value).toBe('full');
      expect(readMode(first.summary)?.message).toMatch(/The next runs read the events after/);
      expect(first.summary.counts.students!.created).toBe(students(fake.data).length);

      // A student renamed, a student enrolled, a student taken out of one section, and a
      // teacher who leaves: Clever takes them out of their sections, then deletes them.
      // (Every generated student has contacts, and a guardian whose last student leaves is
      // archived only by the next full read: a delta infers nothing.)
      const [renamed] = students(fake.data);
      fake.recordEvent(
        'users.updated',
        { ...structuredClone(renamed!), name: { ...(renamed!.name as object), first: 'Renamed' } },
        { name: renamed!.name as Record<string, unknown> },
      );
      const newcomer = structuredClone(renamed!);
      newcomer.id = 'ffff00000000000000000001';
      newcomer.email = 'newcomer@events.example';
      newcomer.name = { first: 'New', last: 'Comer' };
      roles(newcomer).student!.sis_id = 'NEWCOMER-1';
      roles(newcomer).student!.student_number = 'NEWCOMER-1';
      fake.recordEvent('users.created', newcomer);
      const leaver = fake.data.users.find((user) => roles(user).teacher)!;
      const leaverSections = fake.data.sections.filter((section) =>
        (section.teachers as string[]).includes(leaver.id),
      );
      const takenOutOf = fake.data.sections.find(
        (section) => !leaverSections.includes(section) && (section.students as string[]).length > 0,
      )!;
      const takenOut = fake.data.users.find((user) => user.id === (takenOutOf.students as string[])[0])!;
      const before = takenOutOf.students as string[];
      fake.recordEvent(
        'sections.updated',
        { ...structuredClone(takenOutOf), students: before.filter((id) => id !== takenOut.id) },
        { students: before },
      );
      let newPrimaries = 0;
      for (const section of leaverSections) {
        const teachers = section.teachers as string[];
        const rest = teachers.filter((id) => id !== leaver.id);
        const after: CleverRecord = { ...structuredClone(section), teachers: rest };
        if (section.teacher === leaver.id) {
          after.teacher = rest[0] ?? '';
          if (rest.length > 0) newPrimaries++;
        }
        fake.recordEvent('sections.updated', after, { teachers, teacher: section.teacher });
      }
      fake.recordEvent('users.deleted', leaver);
      fake.requests.length = 0;

      const incremental = await sync(configId);
      expect(incremental.summary.status).toMatch(/^succeeded/);
      expect(readMode(incremental.summary)?.value).toBe('incremental');
      expect(changes(incremental.summary)).toEqual({
        students: { created: 1, updated: 1 },
        staff: { archived: 1 },
        // A co-teacher who becomes the primary teacher is an updated membership.
        memberships: {
          archived: 1 + leaverSections.length,
          ...(newPrimaries > 0 ? { updated: newPrimaries } : {}),
        },
      });
      // No listing of users or sections: the events, the members of the changed sections one
      // by one, and the orgs.
      const paths = fake.requests.map((request) => request.path);
      expect(paths.some((p) => /^\/v3\.0\/(users|sections)(\?|$)/.test(p))).toBe(false);
      expect(paths.some((p) => /^\/v3\.0\/events\?.*starting_after=/.test(p))).toBe(true);

      const directory = await exportOf(districtId);
      const person = (sisId: string) =>
        directory.people.find((p) => p.roles.some((role) => role.role === 'student' && role.sisId === sisId));
      expect(person(String(roles(renamed!).student!.sis_id))?.givenName).toBe('Renamed');
      expect(person('NEWCOMER-1')?.familyName).toBe('Comer');
      const leaverPerson = directory.people.find((p) =>
        p.roles.some((role) => role.role === 'staff' && role.sisId === roles(leaver).teacher!.sis_id),
      );
      expect(leaverPerson?.roles.map((role) => role.archived)).toEqual([true]);
      expect(
        directory.classrooms.filter((c) => c.members.some((m) => m.personId === leaverPerson!.id)),
      ).toEqual([]);
      const classroom = directory.classrooms.find((c) => c.sisId === takenOutOf.id)!;
      expect(classroom.members.map((m) => m.personId)).not.toContain(
        person(String(roles(takenOut).student!.sis_id))!.id,
      );

      // No new events: an incremental run that changes nothing.
      const quiet = await sync(configId);
      expect(readMode(quiet.summary)?.value).toBe('incremental');
      expect(readMode(quiet.summary)?.message).toMatch(/0 events/);
      expect(changes(quiet.summary)).toEqual({});

      // A full read is due after clever.fullSyncEveryDays: it finds the directory as the
      // events left it.
      expect((await cli('config', 'set', configId, 'fullSyncEveryDays=3')).code).toBe(0);
      const due = await syncAt(configId, new Date(Date.now() + 4 * dayMs));
      expect(readMode(due)?.value).toBe('full');
      expect(readMode(due)?.message).toMatch(/fullSyncEveryDays is 3/);
      expect(changes(due)).toEqual({});
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('reads in full when Clever no longer has the stored event, and when the events cannot be applied alone', async () => {
    const fake = await fakeWithBaseline();
    try {
      const { configId } = await cleverDistrict(fake);
      expect(readMode((await sync(configId)).summary)?.value).toBe('full');

      // Clever drops events after 30 days: the stored one is gone, so events may be missing.
      const [student] = students(fake.data);
      const event = fake.recordEvent(
        'users.updated',
        { ...structuredClone(student!), email: 'moved@events.example' },
        { email: student!.email },
      );
      fake.data.events.splice(0, fake.data.events.indexOf(event));
      const gap = await sync(configId);
      expect(readMode(gap.summary)?.value).toBe('full');
      expect(readMode(gap.summary)?.message).toMatch(/no longer has event/);
      expect(changes(gap.summary)).toEqual({ students: { updated: 1 } });

      // A contact's change needs a full read (a delta cannot remove a guardian link).
      const contact = fake.data.users.find((user) => roles(user).contact)!;
      fake.recordEvent(
        'users.updated',
        { ...structuredClone(contact), email: 'contact@events.example' },
        { email: contact.email },
      );
      const byContact = await sync(configId);
      expect(readMode(byContact.summary)?.value).toBe('full');
      expect(readMode(byContact.summary)?.message).toMatch(/contact .* changed/);

      // A failing events page: never a partial incremental run.
      const [, other] = students(fake.data);
      fake.recordEvent(
        'users.updated',
        { ...structuredClone(other!), email: 'other@events.example' },
        { email: other!.email },
      );
      fake.setFaults({ failPage: { path: '/v3.0/events', page: 1, times: Infinity, status: 503 } });
      const failing = await sync(configId);
      expect(readMode(failing.summary)?.value).toBe('full');
      expect(readMode(failing.summary)?.message).toMatch(/a request failed/);
      expect(failing.summary.counts.students!.updated).toBe(1);
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('a dry run leaves the state where it was: the next run still applies the events', async () => {
    const fake = await fakeWithBaseline();
    try {
      const { configId } = await cleverDistrict(fake);
      await sync(configId);
      const [student] = students(fake.data);
      fake.recordEvent(
        'users.updated',
        { ...structuredClone(student!), email: 'dry@events.example' },
        { email: student!.email },
      );
      const dry = await sync(configId, '--dry-run');
      expect(readMode(dry.summary)?.value).toBe('incremental');
      const real = await sync(configId);
      expect(readMode(real.summary)?.value).toBe('incremental');
      expect(changes(real.summary)).toEqual({ students: { updated: 1 } });
    } finally {
      await fake.close();
    }
  }, 120_000);
});
