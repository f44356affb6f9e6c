import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { type BundleFiles, type CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness, type SyncSummary } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/**
 * A OneRoster delta: users, classes and enrollments sent as deltas, orgs and the rest absent
 * (as exporters do when they did not change), so the bundle names few schools.
 */
function deltaBundle(files: {
  'users.csv'?: CsvRows;
  'classes.csv'?: CsvRows;
  'enrollments.csv'?: CsvRows;
}): string {
  const manifest = [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    'file.academicSessions,absent',
    'file.courses,absent',
    'file.orgs,absent',
    'file.users,delta',
    'file.classes,delta',
    'file.enrollments,delta',
  ].join('\r\n');
  const bundle: BundleFiles = {
    'manifest.csv': `${manifest}\r\n`,
    'users.csv': files['users.csv'] ?? [],
    'classes.csv': files['classes.csv'] ?? [],
    'enrollments.csv': files['enrollments.csv'] ?? [],
  };
  return bundles.write(bundle);
}

const base = smallDistrict();
const userRow = (sisId: string): CsvRows[number] => ({
  ...base['users.csv'].find((row) => row.sourcedId === sisId)!,
  status: 'active',
});
const classRow = (sisId: string): CsvRows[number] => ({
  ...base['classes.csv'].find((row) => row.sourcedId === sisId)!,
  status: 'active',
});
/** A tobedeleted row as exporters send it: the id and the status, little else. */
const deletedUser = (sisId: string): CsvRows[number] => ({ sourcedId: sisId, status: 'tobedeleted' });
const deletedClass = (sisId: string): CsvRows[number] => ({ sourcedId: sisId, status: 'tobedeleted' });
const deletedEnrollment = (sisId: string, klass: string, user: string): CsvRows[number] => ({
  sourcedId: sisId,
  status: 'tobedeleted',
  classSourcedId: klass,
  schoolSourcedId: klass === 'C1' ? '0042' : '0077',
  userSourcedId: user,
  role: 'student',
});

/** A new student of Lincoln Elementary, in homeroom C1. */
const newStudent: CsvRows[number] = {
  sourcedId: '000105',
  status: 'active',
  enabledUser: 'true',
  orgSourcedIds: '0042',
  role: 'student',
  givenName: 'Yuki',
  familyName: 'Tanaka',
  identifier: 'S000105',
  email: 'yuki.tanaka@students.example.org',
  grades: '03',
};
const newEnrollment: CsvRows[number] = {
  sourcedId: 'E15',
  status: 'active',
  classSourcedId: 'C1',
  schoolSourcedId: '0042',
  userSourcedId: '000105',
  role: 'student',
  primary: 'false',
  beginDate: '2026-08-15',
  endDate: '2027-06-15',
};

/** Delta A: one student added (and enrolled), one renamed, one marked tobedeleted with its enrollment. */
function deltaA(): string {
  return deltaBundle({
    'users.csv': [newStudent, { ...userRow('000102'), familyName: "O'Brien-Walsh" }, deletedUser('000104')],
    'classes.csv': [classRow('C1')],
    'enrollments.csv': [newEnrollment, deletedEnrollment('E6', 'C1', '000104')],
  });
}

/** Delta B: class C3 and Ethan's enrollment in C2 marked tobedeleted, plus deletions of nothing. */
function deltaB(): string {
  return deltaBundle({
    'users.csv': [deletedUser('X404')],
    'classes.csv': [deletedClass('C3'), deletedClass('C404')],
    'enrollments.csv': [
      deletedEnrollment('E9', 'C2', '000202'),
      // Mia is not in C1: nothing to remove.
      deletedEnrollment('E99', 'C1', '000201'),
    ],
  });
}

const sisIdOf = (person: DirectoryExport['people'][number]): string | null | undefined =>
  person.roles[0]?.sisId;
const byId = (exported: DirectoryExport) => new Map(exported.people.map((p) => [p.id, p]));
const findingCodes = (summary: SyncSummary): string[] => summary.findings.map((f) => f.code);
const membersOf = (exported: DirectoryExport, sisId: string): string[] =>
  (exported.classrooms.find((c) => c.sisId === sisId)?.members ?? []).map((m) => m.personId).sort();

describe('a delta bundle drives the sync', () => {
  it('adds, updates and archives exactly the student it marks tobedeleted, leaving absent ones alone', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    expect((await sync(configId)).code).toBe(0);
    const before = await exportOf(districtId);
    const noah = before.people.find((p) => sisIdOf(p) === '000104')!;

    const { code, summary } = await sync(configId, '--path', deltaA());
    expect(code, JSON.stringify(summary.findings)).toBe(0);
    expect(summary.status).toBe('succeeded_with_warnings');
    expect(summary.held).toEqual({});
    expect(summary.counts.students).toMatchObject({ created: 1, updated: 1, archived: 1, unarchived: 0 });
    expect(summary.counts.memberships).toMatchObject({ created: 1, archived: 1 });
    for (const entity of ['staff', 'guardians', 'classrooms', 'guardianLinks']) {
      expect(summary.counts[entity], entity).toMatchObject({ created: 0, updated: 0, archived: 0 });
    }
    expect(summary.findings.filter((f) => f.code === 'FILE_DELTA').map((f) => f.file)).toEqual([
      'users.csv',
      'classes.csv',
      'enrollments.csv',
    ]);
    expect(summary.findings).toContainEqual(
      expect.objectContaining({ code: 'DELETIONS_MARKED', severity: 'info', value: '1,0,1' }),
    );
    // Liam's row lists guardians the delta leaves out: expected in a delta, and his links stay.
    expect(findingCodes(summary)).not.toContain('REFERENCE_UNKNOWN');
    expect(findingCodes(summary)).not.toContain('REMOVALS_HELD_INCOMPLETE');

    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived).map((p) => p.id)).toEqual([noah.id]);
    expect(after.people.find((p) => sisIdOf(p) === '000102')?.familyName).toBe("O'Brien-Walsh");
    const yuki = after.people.find((p) => sisIdOf(p) === '000105')!;
    expect(yuki).toMatchObject({ givenName: 'Yuki', archived: false });
    // Everyone the delta left out is exactly as before.
    const now = byId(after);
    for (const person of before.people) {
      if (['000102', '000104'].includes(sisIdOf(person) ?? '')) continue;
      expect(now.get(person.id), sisIdOf(person) ?? person.id).toEqual(person);
    }
    expect(after.guardianLinks).toEqual(before.guardianLinks);
    expect(membersOf(after, 'C1')).toEqual(
      [...membersOf(before, 'C1').filter((id) => id !== noah.id), yuki.id].sort(),
    );
    for (const sisId of ['C2', 'C3']) expect(membersOf(after, sisId)).toEqual(membersOf(before, sisId));
    expect(after.classrooms).toEqual(
      before.classrooms.map((c) => (c.sisId === 'C1' ? after.classrooms.find((a) => a.id === c.id) : c)),
    );

    // The same delta again changes nothing.
    const again = await sync(configId, '--path', deltaA());
    for (const [entity, counts] of Object.entries(again.summary.counts)) {
      expect(counts, entity).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
    expect(await exportOf(districtId)).toEqual(after);
  });

  it('archives the class and removes the enrollment it marks tobedeleted; deletions of nothing are no-ops', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    const before = await exportOf(districtId);
    const ethan = before.people.find((p) => sisIdOf(p) === '000202')!;
    const grace = before.people.find((p) => p.familyName === 'Hopper')!;
    const math = before.classrooms.find((c) => c.sisId === 'C2')!;
    // Grace co-teaches Math 7 by hand: a deletion of that enrollment is not the sync's to make.
    await harness.store.db
      .insertInto('memberships')
      .values({
        district_id: districtId,
        classroom_id: math.id,
        person_id: grace.id,
        role: 'teacher',
        config_id: null,
      })
      .execute();

    const bundle = deltaBundle({
      'users.csv': [deletedUser('X404')],
      'classes.csv': [deletedClass('C3'), deletedClass('C404')],
      'enrollments.csv': [
        deletedEnrollment('E9', 'C2', '000202'),
        deletedEnrollment('E99', 'C1', '000201'),
        deletedEnrollment('E98', 'C2', 'T1'),
      ],
    });
    const { code, summary } = await sync(configId, '--path', bundle);
    expect(code, JSON.stringify(summary.findings)).toBe(0);
    expect(summary.status).toBe('succeeded_with_warnings');
    expect(summary.counts.classrooms).toMatchObject({ archived: 1, updated: 0 });
    expect(summary.counts.memberships).toMatchObject({ archived: 1, created: 0 });
    for (const entity of ['students', 'staff', 'guardians', 'guardianLinks']) {
      expect(summary.counts[entity], entity).toMatchObject({ created: 0, updated: 0, archived: 0 });
    }
    expect(summary.findings).toContainEqual(
      expect.objectContaining({ code: 'DELETIONS_MARKED', value: '1,2,3' }),
    );

    const shown = (await cli('--json', 'run', 'show', summary.id)).json<{
      changes: { state: string; entity: string; action: string; sisId: string }[];
    }>();
    expect(shown.changes.map((c) => [c.state, c.entity, c.action, c.sisId])).toEqual([
      ['applied', 'memberships', 'remove', '000202'],
      ['applied', 'classrooms', 'archive', 'C3'],
    ]);

    const after = await exportOf(districtId);
    expect(after.classrooms.filter((c) => c.archived).map((c) => c.sisId)).toEqual(['C3']);
    const mathAfter = after.classrooms.find((c) => c.id === math.id)!;
    expect(mathAfter.members.map((m) => m.personId)).not.toContain(ethan.id);
    expect(mathAfter.members).toContainEqual({
      personId: grace.id,
      role: 'teacher',
      isPrimary: false,
      isManual: true,
    });
    expect(mathAfter.members).toHaveLength(5);
    // An archived classroom keeps its members, as when a class leaves a bulk export.
    expect(membersOf(after, 'C3')).toEqual(membersOf(before, 'C3'));
    expect(after.people).toEqual(before.people);
  });

  it('archives a guardian it marks tobedeleted and removes the links this sync made, not those made by hand', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    const before = await exportOf(districtId);
    const siobhan = before.people.find((p) => sisIdOf(p) === 'P2')!;
    const liam = before.people.find((p) => sisIdOf(p) === '000102')!;
    const ava = before.people.find((p) => sisIdOf(p) === '000101')!;
    await harness.store.db
      .insertInto('guardian_links')
      .values({
        district_id: districtId,
        guardian_id: siobhan.id,
        student_id: ava.id,
        relationship: 'aunt',
        contact_type: null,
        config_id: null,
      })
      .execute();

    const { code, summary } = await sync(
      configId,
      '--path',
      deltaBundle({ 'users.csv': [deletedUser('P2')] }),
    );
    expect(code, JSON.stringify(summary.findings)).toBe(0);
    expect(summary.counts.guardians).toMatchObject({ archived: 1 });
    expect(summary.counts.guardianLinks).toMatchObject({ archived: 1 });
    expect(summary.counts.students).toMatchObject({ archived: 0, updated: 0 });

    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived).map((p) => p.id)).toEqual([siobhan.id]);
    const linksOf = (exported: DirectoryExport) =>
      exported.guardianLinks.filter((link) => link.guardianId === siobhan.id);
    expect(linksOf(after)).toEqual([
      { guardianId: siobhan.id, studentId: ava.id, relationship: 'aunt', isManual: true },
    ]);
    expect(after.guardianLinks.filter((link) => link.studentId === liam.id)).toHaveLength(1);
    expect(after.guardianLinks).toHaveLength(before.guardianLinks.length);
  });

  it('keeps a record a delta sends both active and tobedeleted, whatever the order', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    const bundle = deltaBundle({
      'users.csv': [
        deletedUser('000103'),
        { ...userRow('000103'), givenName: 'Zoe' },
        userRow('000201'),
        deletedUser('000201'),
      ],
    });
    const { code, summary } = await sync(configId, '--path', bundle);
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ archived: 0, updated: 1 });
    expect(summary.findings.filter((f) => f.code === 'DELETION_CONFLICT')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'users.csv', line: 3, sisId: '000103' }),
      expect.objectContaining({ severity: 'warning', file: 'users.csv', line: 5, sisId: '000201' }),
    ]);
    expect(findingCodes(summary)).not.toContain('DELETIONS_MARKED');
    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived)).toEqual([]);
    expect(after.people.find((p) => sisIdOf(p) === '000103')?.givenName).toBe('Zoe');
  });

  it('holds the run when a delta marks more students tobedeleted than the threshold allows', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    const before = await exportOf(districtId);
    const doomed = ['000101', '000102', '000103', '000201', '000202', '000203'];
    const bundle = deltaBundle({
      'users.csv': [...doomed.map(deletedUser), { ...userRow('T2'), givenName: 'Alan M.' }],
    });
    const { code, summary } = await sync(configId, '--path', bundle);
    expect(code).toBe(2);
    expect(summary.status).toBe('held_threshold');
    expect(summary.held).toEqual({
      students: { reason: 'threshold', tried: 6, percent: 75, allowed: 5 },
    });
    expect(summary.counts.students).toMatchObject({ archived: 0 });
    expect(summary.counts.staff).toMatchObject({ updated: 1 });
    expect(summary.findings).toContainEqual(
      expect.objectContaining({ code: 'REMOVALS_HELD_THRESHOLD', entity: 'students', value: '6' }),
    );
    const shown = (await cli('--json', 'run', 'show', summary.id)).json<{
      changes: { state: string; entity: string; action: string; sisId: string }[];
    }>();
    expect(
      shown.changes
        .filter((c) => c.state === 'held')
        .map((c) => c.sisId)
        .sort(),
    ).toEqual(doomed);

    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived)).toEqual([]);
    expect(after.people.find((p) => p.familyName === 'Turing')?.givenName).toBe('Alan M.');
    expect(after.classrooms).toEqual(before.classrooms);
  });

  it('lets a bulk run after deltas find nothing left to do, then infer removals again', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    expect((await sync(configId, '--path', deltaA())).code).toBe(0);
    expect((await sync(configId, '--path', deltaB())).code).toBe(0);
    const afterDeltas = await exportOf(districtId);

    // The bulk export of the district as the deltas left it.
    const files = smallDistrict();
    const now = {
      ...files,
      'users.csv': [
        ...files['users.csv']
          .filter((row) => row.sourcedId !== '000104')
          .map((row) => (row.sourcedId === '000102' ? { ...row, familyName: "O'Brien-Walsh" } : row)),
        newStudent,
      ],
      'classes.csv': files['classes.csv'].filter((row) => row.sourcedId !== 'C3'),
      'enrollments.csv': [
        ...files['enrollments.csv'].filter(
          (row) => row.userSourcedId !== '000104' && row.classSourcedId !== 'C3' && row.sourcedId !== 'E9',
        ),
        newEnrollment,
      ],
    };
    const bulk = await sync(configId, '--path', bundles.write(now));
    expect(bulk.code, JSON.stringify(bulk.summary.findings)).toBe(0);
    expect(bulk.summary.status).toBe('succeeded');
    for (const [entity, counts] of Object.entries(bulk.summary.counts)) {
      expect(counts, entity).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
    expect(await exportOf(districtId)).toEqual(afterDeltas);

    // Bulk is complete again: a student left out is archived, with the guardian only she had.
    const withoutSofia = {
      ...now,
      'users.csv': now['users.csv'].filter((row) => row.sourcedId !== '000203'),
      'enrollments.csv': now['enrollments.csv'].filter((row) => row.userSourcedId !== '000203'),
    };
    const left = await sync(configId, '--path', bundles.write(withoutSofia));
    expect(left.code).toBe(0);
    expect(left.summary.counts.students).toMatchObject({ archived: 1 });
    expect(left.summary.counts.guardians).toMatchObject({ archived: 1 });
    expect(left.summary.counts.memberships).toMatchObject({ archived: 1 });
    const after = await exportOf(districtId);
    expect(
      after.people
        .filter((p) => p.archived)
        .map((p) => sisIdOf(p))
        .sort(),
    ).toEqual(['000104', '000203', 'P5']);
  });

  it('records tobedeleted rows of a bulk file and removes them as absent records', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const bulk = {
      ...files,
      'users.csv': files['users.csv'].map((row) =>
        row.sourcedId === '000104' ? { ...row, status: 'tobedeleted' } : row,
      ),
      'enrollments.csv': files['enrollments.csv'].filter((row) => row.userSourcedId !== '000104'),
    };
    const { code, summary } = await sync(configId, '--path', bundles.write(bulk));
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ archived: 1 });
    expect(summary.counts.memberships).toMatchObject({ archived: 1 });
    expect(summary.findings).toContainEqual(
      expect.objectContaining({ code: 'DELETIONS_MARKED', value: '1,0,0' }),
    );
    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived).map((p) => sisIdOf(p))).toEqual(['000104']);
  });
});
