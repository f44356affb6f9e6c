import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** Each synced person's (first role's) schools and each classroom's school, by SIS id, as school names. */
function placement(
  exported: DirectoryExport,
  schools: Record<string, string>,
): { people: Record<string, string[]>; classrooms: Record<string, string> } {
  const nameOf = Object.fromEntries(Object.entries(schools).map(([name, id]) => [id, name]));
  const people: Record<string, string[]> = {};
  for (const person of exported.people) {
    const role = person.roles.find((r) => r.role !== 'guardian');
    if (role?.sisId) people[role.sisId] = role.schoolIds.map((id) => nameOf[id] ?? id).sort();
  }
  const classrooms: Record<string, string> = {};
  for (const classroom of exported.classrooms) {
    if (classroom.sisId) classrooms[classroom.sisId] = nameOf[classroom.schoolId] ?? classroom.schoolId;
  }
  return { people, classrooms };
}

describe('split rules (schoolMapping.splits)', () => {
  it('routes one source school by grade: students by their grade, classes by theirs, teachers to their classes', async () => {
    const files = smallDistrict();
    // Roosevelt's source school (0077) also holds a grade-5 wing, which belongs to Lincoln.
    files['users.csv'] = files['users.csv'].map((row) =>
      row.sourcedId === '000201' || row.sourcedId === '000203' ? { ...row, grades: '05' } : row,
    );
    files['classes.csv'] = files['classes.csv'].map((row) =>
      row.sourcedId === 'C3' ? { ...row, grades: '05' } : row,
    );
    const bundle = bundles.write(files);
    const district = await createSmallDistrict(cli, bundle);
    const { lincoln, roosevelt } = {
      lincoln: district.schools['Lincoln Elementary']!,
      roosevelt: district.schools['Roosevelt Middle']!,
    };
    const mapping = {
      splits: [
        {
          sourceSchoolId: '0077',
          rules: [
            { directorySchoolId: lincoln, grades: ['IT', '05'] },
            { directorySchoolId: roosevelt, grades: ['06', 'PS'] },
          ],
          otherwise: roosevelt,
        },
      ],
    };
    const set = await cli('config', 'set', district.configId, `schoolMapping=${JSON.stringify(mapping)}`);
    expect(set.code, set.stderr).toBe(0);

    const { code, summary } = await sync(district.configId);
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ created: 8 });
    const placed = placement(await exportOf(district.districtId), district.schools);
    expect(placed.classrooms).toEqual({
      C1: 'Lincoln Elementary',
      C2: 'Roosevelt Middle',
      C3: 'Lincoln Elementary',
    });
    expect(placed.people).toMatchObject({
      '000101': ['Lincoln Elementary'],
      '000201': ['Lincoln Elementary'],
      '000202': ['Roosevelt Middle'],
      '000203': ['Lincoln Elementary'],
      '000204': ['Roosevelt Middle'],
      // Teaches C2 (Roosevelt) and C3 (Lincoln).
      T2: ['Lincoln Elementary', 'Roosevelt Middle'],
      // No class at 0077: every school of the split, with Lincoln from 0042.
      T3: ['Lincoln Elementary', 'Roosevelt Middle'],
    });
    // Memberships follow their classrooms; a second run changes nothing.
    expect(summary.counts.memberships).toMatchObject({ created: 14 });
    const again = await sync(district.configId);
    for (const counts of Object.values(again.summary.counts)) {
      expect(counts).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
  });

  it('does not sync a record a split routes nowhere, and says so', async () => {
    const files = smallDistrict();
    files['users.csv'] = files['users.csv'].map((row) =>
      row.sourcedId === '000204' ? { ...row, grades: '' } : row,
    );
    const district = await createSmallDistrict(cli, bundles.write(files));
    const roosevelt = district.schools['Roosevelt Middle']!;
    const lincoln = district.schools['Lincoln Elementary']!;
    const mapping = {
      splits: [
        {
          sourceSchoolId: '0077',
          rules: [
            { directorySchoolId: lincoln, grades: ['IT', '05'] },
            { directorySchoolId: roosevelt, grades: ['06', 'PS'] },
          ],
        },
      ],
    };
    expect(
      (await cli('config', 'set', district.configId, `schoolMapping=${JSON.stringify(mapping)}`)).code,
    ).toBe(0);
    const { summary } = await sync(district.configId);
    expect(summary.counts.students).toMatchObject({ created: 7, skipped: 1 });
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'SCHOOL_NOT_MAPPED',
          sisId: '0077',
          message: expect.stringContaining(
            'is split, but no rule or otherwise routes some of its records: 1 students',
          ),
        }),
      ]),
    );
  });

  it('fails the run, changing nothing, when a split names a source school the source lacks', async () => {
    const district = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const lincoln = district.schools['Lincoln Elementary']!;
    const mapping = {
      splits: [
        {
          sourceSchoolId: '0099',
          rules: [{ directorySchoolId: lincoln, classAttribute: 'subject', matches: ['Art'] }],
          otherwise: lincoln,
        },
      ],
    };
    expect(
      (await cli('config', 'set', district.configId, `schoolMapping=${JSON.stringify(mapping)}`)).code,
    ).toBe(0);
    const { code, summary } = await sync(district.configId);
    expect(code).toBe(1);
    expect(summary.status).toBe('failed_schools_not_found');
    expect(summary.findings.filter((f) => f.code === 'SCHOOLS_NOT_FOUND')).toEqual([
      expect.objectContaining({ sisId: '0099', message: expect.stringContaining('has a split rule') }),
    ]);
    expect((await exportOf(district.districtId)).people).toEqual([]);
  });

  it('routes one source school by class attribute, with people following their classes and otherwise', async () => {
    const bundle = bundles.write(smallDistrict());
    const district = await createSmallDistrict(cli, bundle, {
      schools: {
        'Lincoln Elementary': ['0042'],
        'Roosevelt Math Wing': [],
        'Roosevelt Science Wing': [],
      },
    });
    const mapping = {
      splits: [
        {
          sourceSchoolId: '0077',
          rules: [
            {
              directorySchoolId: district.schools['Roosevelt Math Wing'],
              classAttribute: 'subject',
              matches: ['math'],
            },
          ],
          otherwise: district.schools['Roosevelt Science Wing'],
        },
      ],
    };
    const set = await cli('config', 'set', district.configId, `schoolMapping=${JSON.stringify(mapping)}`);
    expect(set.code, set.stderr).toBe(0);

    const { code, summary } = await sync(district.configId);
    expect(code).toBe(0);
    expect(summary.findings.map((f) => f.code)).not.toContain('SCHOOL_NOT_MAPPED');
    const placed = placement(await exportOf(district.districtId), district.schools);
    expect(placed.classrooms).toEqual({
      C1: 'Lincoln Elementary',
      C2: 'Roosevelt Math Wing',
      C3: 'Roosevelt Science Wing',
    });
    expect(placed.people).toMatchObject({
      '000201': ['Roosevelt Math Wing', 'Roosevelt Science Wing'],
      '000203': ['Roosevelt Math Wing'],
      T2: ['Roosevelt Math Wing', 'Roosevelt Science Wing'],
      // No class at 0077: otherwise.
      T3: ['Lincoln Elementary', 'Roosevelt Science Wing'],
    });
  });
});
