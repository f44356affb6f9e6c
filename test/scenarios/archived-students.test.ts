import { describe, expect, it } from 'vitest';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

describe('the Archived students setting', () => {
  for (const [setting, isArchived] of [
    ['archive', true],
    ['keep', false],
  ] as const) {
    it(`${setting}: a student who leaves the source is ${isArchived ? 'archived' : 'kept active'}, and leaves their classes either way`, async () => {
      const files = smallDistrict();
      const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
        settings: [`archivedStudents=${setting}`],
      });
      expect((await sync(configId)).code).toBe(0);
      const before = await exportOf(districtId);
      const leaving = files['users.csv'][0]!;
      const person = before.people.find((p) => p.roles.some((role) => role.sisId === leaving.sourcedId))!;
      expect(before.classrooms.some((c) => c.members.some((m) => m.personId === person.id))).toBe(true);

      const users = files['users.csv'].filter((row) => row.sourcedId !== leaving.sourcedId);
      const enrollments = files['enrollments.csv'].filter((row) => row.userSourcedId !== leaving.sourcedId);
      const { code, summary } = await sync(
        configId,
        '--path',
        bundles.write({ ...files, 'users.csv': users, 'enrollments.csv': enrollments }),
      );
      expect(code).toBe(0);
      expect(summary.counts.students).toMatchObject({ archived: isArchived ? 1 : 0 });
      const after = await exportOf(districtId);
      const kept = after.people.find((p) => p.id === person.id)!;
      expect(kept.archived).toBe(isArchived);
      expect(kept.roles.find((role) => role.role === 'student')!.archived).toBe(isArchived);
      expect(after.classrooms.some((c) => c.members.some((m) => m.personId === person.id))).toBe(false);
      // A second run with the same bundle changes nothing.
      const again = await sync(
        configId,
        '--path',
        bundles.write({ ...files, 'users.csv': users, 'enrollments.csv': enrollments }),
      );
      expect(
        Object.values(again.summary.counts).every(
          (c) => c.archived === 0 && c.created === 0 && c.updated === 0,
        ),
      ).toBe(true);
    });
  }
});
