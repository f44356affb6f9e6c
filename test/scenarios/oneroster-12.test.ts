import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { readBundleCsv } from '../../src/testkit/generator/read-bundle-csv.ts';
import { schoolYearOf } from '../../src/testkit/generator/school-year-of.ts';
import type { CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness, type SyncSummary } from '../support/scenario-harness.ts';
import {
  bundle12Files,
  roleRow,
  smallDistrict12,
  type SmallDistrict12,
} from '../support/small-district-12.ts';
import { createDistrictForBundle, createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** 1.2 calls administrators by 1.2's staff role words; 1.1 says administrator. */
const kindIn11: Record<string, string> = {
  principal: 'administrator',
  districtadministrator: 'administrator',
  siteadministrator: 'administrator',
  systemadministrator: 'administrator',
};

/**
 * A directory export in source terms, so two districts can be compared: people, classrooms and
 * links keyed by SIS id, schools by their School IDs, 1.2 staff kinds in 1.1 words.
 */
function inSourceTerms(exported: DirectoryExport, nameOverrides: ReadonlyMap<string, string> = new Map()) {
  const schoolIds = new Map(exported.schools.map((school) => [school.id, school.schoolIds.join('+')]));
  const sisIdOf = new Map(exported.people.map((person) => [person.id, person.roles[0]?.sisId ?? '']));
  const people = exported.people.map((person) => {
    const sisId = sisIdOf.get(person.id)!;
    return {
      sisId,
      givenName: nameOverrides.get(sisId) ?? person.givenName,
      middleName: person.middleName,
      familyName: person.familyName,
      email: person.email,
      mobile: person.mobile,
      homePhone: person.homePhone,
      archived: person.archived,
      roles: person.roles.map((role) => ({
        ...role,
        kind: kindIn11[role.kind ?? ''] ?? role.kind,
        schoolIds: role.schoolIds.map((id) => schoolIds.get(id)),
      })),
    };
  });
  const classrooms = exported.classrooms.map((classroom) => ({
    sisId: classroom.sisId,
    name: classroom.name,
    school: schoolIds.get(classroom.schoolId),
    archived: classroom.archived,
    members: classroom.members
      .map((member) => `${sisIdOf.get(member.personId)}|${member.role}|${member.isPrimary}`)
      .sort(),
  }));
  const links = exported.guardianLinks
    .map((link) => `${sisIdOf.get(link.guardianId)}|${sisIdOf.get(link.studentId)}|${link.relationship}`)
    .sort();
  const bySisId = <T extends { sisId: string | null }>(a: T, b: T) => (a.sisId! < b.sisId! ? -1 : 1);
  return { people: people.sort(bySisId), classrooms: classrooms.sort(bySisId), links };
}

describe('OneRoster 1.2 bundles', () => {
  it('sync a generated 1.2 bundle into the same directory as the 1.1 bundle of the same seed', async () => {
    const options = { students: 300, schools: 3, seed: 12, schoolYear: schoolYearOf(new Date()) };
    const dir11 = path.join(bundles.root, 'generated-1.1');
    const dir12 = path.join(bundles.root, 'generated-1.2');
    await generateBundle({ ...options, outDir: dir11, format: 'oneroster-1.1' });
    await generateBundle({ ...options, outDir: dir12, format: 'oneroster-1.2' });

    const district11 = await createDistrictForBundle(cli, dir11, { name: 'Generated 1.1' });
    const district12 = await createDistrictForBundle(cli, dir12, { name: 'Generated 1.2' });
    const run11 = await sync(district11.configId);
    const run12 = await sync(district12.configId);
    expect(run11.code).toBe(0);
    expect(run12.code).toBe(0);
    expect(run12.summary.status).toBe(run11.summary.status);
    expect(run12.summary.counts).toEqual(run11.summary.counts);
    expect(run12.summary.counts.students?.created).toBe(300);
    const codes = (summary: SyncSummary) => summary.findings.map((finding) => finding.code).sort();
    expect(codes(run12.summary)).toEqual(codes(run11.summary));

    // The directory shows preferred names: the generator gives about 3 % of students a
    // preferredGivenName, which 1.1 cannot carry.
    const preferred = new Map(
      readBundleCsv(dir12, 'users.csv')
        .rows.filter((user) => user.preferredGivenName !== '')
        .map((user) => [user.sourcedId!, user.preferredGivenName!]),
    );
    expect(preferred.size).toBeGreaterThan(0);
    const expected = inSourceTerms(await exportOf(district11.districtId), preferred);
    const actual = inSourceTerms(await exportOf(district12.districtId));
    expect(actual.people.length).toBe(expected.people.length);
    expect(actual.classrooms.length).toBe(expected.classrooms.length);
    expect(actual.links.length).toBe(expected.links.length);
    expect(actual).toEqual(expected);
    const legalNames = new Map(
      readBundleCsv(dir12, 'users.csv').rows.map((u) => [u.sourcedId!, u.givenName!]),
    );
    const shown = actual.people.find((person) => preferred.has(person.sisId))!;
    expect(shown.givenName).not.toBe(legalNames.get(shown.sisId));

    // And a second run of the 1.2 bundle changes nothing.
    const again = await sync(district12.configId);
    for (const counts of Object.values(again.summary.counts)) {
      expect(counts).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
  });

  it('makes one person of a user with several roles, ignores ended roles and keeps users without roles', async () => {
    const files = smallDistrict12();
    // Alan Turing teaches at Roosevelt and is Sofia Rossi's parent.
    files['roles.csv'].push(roleRow('T2', 'parent', '0077', 'secondary'));
    setUser(files, 'T2', { agentSourcedIds: '000203' });
    // Grace Hopper was an administrator at Roosevelt until 2020: she teaches at Lincoln only.
    files['roles.csv'].push(roleRow('T1', 'administrator', '0077', 'secondary', '2020-06-30'));
    // A teacher whose only role ended, and a user roles.csv knows nothing of.
    files['users.csv'].push(
      { sourcedId: 'T9', givenName: 'Old', familyName: 'Teacher', primaryOrgSourcedId: '0042' },
      { sourcedId: 'X1', givenName: 'Nobody', familyName: 'Knows', primaryOrgSourcedId: '0042' },
    );
    files['roles.csv'].push(roleRow('T9', 'teacher', '0042', 'primary', '2020-06-30'));
    // Ava goes by Avery.
    setUser(files, '000101', { preferredGivenName: 'Avery' });
    const { districtId, configId, schools } = await createSmallDistrict(
      cli,
      bundles.write(bundle12Files(files)),
    );

    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ created: 8 });
    expect(summary.counts.staff).toMatchObject({ created: 4 });
    expect(summary.counts.guardians).toMatchObject({ created: 6 });
    expect(summary.counts.guardianLinks).toMatchObject({ created: 6 });
    expect(summary.counts.memberships).toMatchObject({ created: 14 });
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'USER_WITHOUT_ROLE', file: 'users.csv', sisId: 'X1', line: 20 }),
        expect.objectContaining({ code: 'ROLE_ENDED', file: 'roles.csv', value: '2' }),
      ]),
    );

    const exported = await exportOf(districtId);
    const alan = exported.people.find((person) => person.familyName === 'Turing')!;
    expect(alan.roles).toEqual([
      expect.objectContaining({
        role: 'guardian',
        kind: 'parent',
        sisId: 'T2',
        schoolIds: [schools['Roosevelt Middle']],
      }),
      expect.objectContaining({
        role: 'staff',
        kind: 'teacher',
        sisId: 'T2',
        schoolIds: [schools['Roosevelt Middle']],
      }),
    ]);
    const sofia = exported.people.find((person) => person.givenName === 'Sofia')!;
    expect(exported.guardianLinks.filter((link) => link.studentId === sofia.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ guardianId: alan.id, relationship: 'parent' })]),
    );
    const grace = exported.people.find((person) => person.familyName === 'Hopper')!;
    expect(grace.roles).toEqual([
      expect.objectContaining({ role: 'staff', kind: 'teacher', schoolIds: [schools['Lincoln Elementary']] }),
    ]);
    // Ada works at both schools: one staff role in both, as in 1.1.
    const ada = exported.people.find((person) => person.familyName === 'Lovelace')!;
    expect(ada.roles).toEqual([
      expect.objectContaining({
        role: 'staff',
        kind: 'aide',
        schoolIds: [schools['Lincoln Elementary'], schools['Roosevelt Middle']].sort(),
      }),
    ]);
    expect(exported.people.find((person) => person.familyName === 'Teacher')).toBeUndefined();
    expect(exported.people.find((person) => person.familyName === 'Knows')).toBeUndefined();
    expect(
      exported.people.find((person) => person.familyName === 'Nguyễn' && person.roles[0]?.role === 'student'),
    ).toMatchObject({ givenName: 'Avery' });

    // Next day: Chidi Okafor's roles are missing and his name changed; Alan's parent role ended.
    const next = structuredClone(files);
    next['roles.csv'] = next['roles.csv']
      .filter((role) => role.userSourcedId !== 'P4')
      .map((role) =>
        role.userSourcedId === 'T2' && role.role === 'parent' ? { ...role, endDate: '2021-01-31' } : role,
      );
    setUser(next, 'P4', { givenName: 'Chid' });
    const second = await sync(configId, '--path', bundles.write(bundle12Files(next)));
    expect(second.code).toBe(0);
    expect(second.summary.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'USER_WITHOUT_ROLE', sisId: 'P4' })]),
    );
    expect(second.summary.counts.guardians).toMatchObject({ archived: 1, updated: 0 });
    expect(second.summary.counts.guardianLinks).toMatchObject({ archived: 1 });
    expect(second.summary.counts.staff).toMatchObject({ archived: 0, unchanged: 4 });

    const after = await exportOf(districtId);
    const chidi = after.people.find(
      (person) => person.familyName === 'Okafor' && person.roles[0]?.role === 'guardian',
    )!;
    expect(chidi).toMatchObject({ givenName: 'Chidi', archived: false });
    expect(chidi.roles).toEqual([expect.objectContaining({ role: 'guardian', archived: false })]);
    const mia = after.people.find((person) => person.givenName === 'Mia')!;
    expect(after.guardianLinks).toEqual(
      expect.arrayContaining([expect.objectContaining({ guardianId: chidi.id, studentId: mia.id })]),
    );
    const alanAfter = after.people.find((person) => person.id === alan.id)!;
    expect(alanAfter.archived).toBe(false);
    expect(alanAfter.roles).toEqual([
      expect.objectContaining({ role: 'guardian', archived: true }),
      expect.objectContaining({ role: 'staff', archived: false }),
    ]);
    expect(after.guardianLinks.some((link) => link.guardianId === alan.id)).toBe(false);
  });

  it('refuses a 1.2 bundle without roles.csv and changes nothing', async () => {
    const files: Partial<SmallDistrict12> = smallDistrict12();
    const written = bundle12Files(files as SmallDistrict12);
    delete written['roles.csv'];
    const { configId } = await createSmallDistrict(cli, bundles.write(written));
    const { code, summary } = await sync(configId);
    expect(code).toBe(1);
    expect(summary.status).toBe('failed_invalid_input');
    expect(summary.findings.filter((finding) => finding.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'FILE_MISSING', file: 'roles.csv' }),
    ]);
  });
});

function setUser(files: SmallDistrict12, sisId: string, values: CsvRows[number]): void {
  const user = files['users.csv'].find((row) => row.sourcedId === sisId);
  if (!user) throw new Error(`no user ${sisId}`);
  Object.assign(user, values);
}
