import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli } = harness;

describe('first import of a OneRoster 1.1 bundle', () => {
  it('creates the directory and a re-run changes nothing', async () => {
    const bundle = bundles.write(smallDistrict());
    const { districtId, configId, schools } = await createSmallDistrict(cli, bundle);

    const first = await cli('--json', 'sync', configId);
    expect(first.code, first.stderr).toBe(0);
    const summary = first.json<{ status: string; counts: Record<string, Record<string, number>> }>();
    expect(summary.status).toMatch(/^succeeded/);
    expect(summary.counts.students).toMatchObject({ created: 8, updated: 0, archived: 0 });
    expect(summary.counts.staff).toMatchObject({ created: 4 });
    expect(summary.counts.guardians).toMatchObject({ created: 5 });
    expect(summary.counts.classrooms).toMatchObject({ created: 3 });
    expect(summary.counts.memberships).toMatchObject({ created: 14 });
    expect(summary.counts.guardianLinks).toMatchObject({ created: 5 });

    const exported = (await cli('export', '--district', districtId)).json<DirectoryExport>();
    const ava = exported.people.find((p) => p.givenName === 'Ava');
    expect(ava).toMatchObject({
      familyName: 'Nguyễn',
      email: 'ava.nguyen@students.example.org',
      archived: false,
      roles: [
        {
          role: 'student',
          sisId: '000101',
          schoolIds: [schools['Lincoln Elementary']],
          grade: '03',
          studentNumber: 'S000101',
        },
      ],
    });
    const grace = exported.people.find((p) => p.familyName === 'Hopper');
    expect(grace).toMatchObject({ email: 'ghopper@springfield.example.org', mobile: '+12128675309' });
    const dana = exported.people.find((p) => p.familyName === 'Scully');
    expect(dana?.roles).toEqual([
      expect.objectContaining({ role: 'staff', kind: 'administrator', isDistrictLevel: true, schoolIds: [] }),
    ]);
    const ada = exported.people.find((p) => p.familyName === 'Lovelace');
    expect(ada?.roles[0]?.schoolIds).toEqual(
      [schools['Lincoln Elementary'], schools['Roosevelt Middle']].sort(),
    );

    // Guardians are linked from either side and placed in their students' schools.
    const liam = exported.people.find((p) => p.givenName === 'Liam')!;
    const liamGuardians = exported.guardianLinks.filter((l) => l.studentId === liam.id);
    expect(liamGuardians.map((l) => l.relationship).sort()).toEqual(['parent', 'relative']);
    const rosa = exported.people.find((p) => p.givenName === 'Rosa')!;
    expect(rosa.roles[0]).toMatchObject({
      role: 'guardian',
      kind: 'parent',
      schoolIds: [schools['Roosevelt Middle']],
    });

    const homeroom = exported.classrooms.find((c) => c.sisId === 'C1')!;
    expect(homeroom).toMatchObject({
      name: 'Homeroom 3A',
      schoolId: schools['Lincoln Elementary'],
      classType: 'homeroom',
      archived: false,
    });
    expect(homeroom.members).toHaveLength(6);
    expect(homeroom.members.filter((m) => m.role === 'teacher')).toEqual([
      expect.objectContaining({ personId: grace!.id, isPrimary: true }),
    ]);

    const second = await cli('--json', 'sync', configId);
    expect(second.code).toBe(0);
    const again = second.json<{ counts: Record<string, Record<string, number>> }>();
    for (const counts of Object.values(again.counts)) {
      expect(counts).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
    expect(again.counts.students?.unchanged).toBe(8);
    expect(again.counts.memberships?.unchanged).toBe(14);
    expect((await cli('export', '--district', districtId)).stdout).toBe(
      JSON.stringify(exported, null, 2) + '\n',
    );
  });
});
