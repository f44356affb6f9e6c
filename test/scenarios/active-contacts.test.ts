import { describe, expect, it } from 'vitest';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

describe('Update contact details of active users (SPEC §6)', () => {
  for (const [setting, doesSourceWin] of [
    ['off', false],
    ['on', true],
  ] as const) {
    it(`${setting}: an active user's new email in the source is ${doesSourceWin ? 'applied' : 'reported and left alone'}; an invitee's always follows`, async () => {
      const files = smallDistrict();
      const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
        settings: [`updateActiveContacts=${setting}`],
      });
      expect((await sync(configId)).code).toBe(0);
      const before = await exportOf(districtId);
      const [activeRow, inviteeRow] = [files['users.csv'][0]!, files['users.csv'][1]!];
      const personOf = (sisId: string) => before.people.find((p) => p.roles.some((r) => r.sisId === sisId))!;
      const active = personOf(activeRow.sourcedId!);
      const invitee = personOf(inviteeRow.sourcedId!);
      expect((await cli('account', 'set-state', active.id, 'active', '--district', districtId)).code).toBe(0);

      const users = files['users.csv'].map((row) => ({ ...row }));
      users[0]!.email = 'new.active@students.example.org';
      users[1]!.email = 'new.invitee@students.example.org';
      const { code, summary } = await sync(
        configId,
        '--path',
        bundles.write({ ...files, 'users.csv': users }),
      );
      expect(code).toBe(0);
      const after = await exportOf(districtId);
      const emailOf = (id: string) => after.people.find((p) => p.id === id)!.email;
      expect(emailOf(invitee.id)).toBe('new.invitee@students.example.org');
      expect(emailOf(active.id)).toBe(doesSourceWin ? 'new.active@students.example.org' : active.email);
      const notes = summary.findings.filter((f) => f.code === 'CONTACT_UPDATE_SKIPPED');
      if (doesSourceWin) {
        expect(notes).toEqual([]);
      } else {
        expect(notes).toEqual([
          expect.objectContaining({
            severity: 'info',
            sisId: activeRow.sourcedId,
            value: 'email',
            message: expect.stringContaining('new.active@students.example.org'),
          }),
        ]);
        // Reported once: the next run with the same bundle is quiet.
        const again = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': users }));
        expect(again.summary.findings.filter((f) => f.code === 'CONTACT_UPDATE_SKIPPED')).toEqual([]);
      }
    });
  }
});
