import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync } = harness;

describe('per-field provenance', () => {
  it('export --provenance names the run that last set each field of a person, and when', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const first = await sync(configId);
    expect(first.code).toBe(0);
    const users = files['users.csv'].map((row) => ({ ...row }));
    users[0]!.familyName = 'Nguyen-Tran';
    const second = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': users }));
    expect(second.code).toBe(0);

    const exported = (await cli('export', '--district', districtId, '--provenance')).json<DirectoryExport>();
    const renamed = exported.people.find((person) => person.familyName === 'Nguyen-Tran')!;
    expect(renamed.provenance).toMatchObject({
      familyName: { by: { type: 'run', runId: second.summary.id }, action: 'update' },
      givenName: { by: { type: 'run', runId: first.summary.id }, action: 'create' },
    });
    expect(Date.parse(renamed.provenance!.familyName!.at)).toBeGreaterThanOrEqual(
      Date.parse(renamed.provenance!.givenName!.at),
    );
    const untouched = exported.people.find(
      (person) => person.id !== renamed.id && person.roles[0]?.role === 'student',
    )!;
    expect(Object.values(untouched.provenance!).every((entry) => entry.by.runId === first.summary.id)).toBe(
      true,
    );

    // run show says who had set each value the run replaced.
    const shown = (await cli('--json', 'run', 'show', second.summary.id)).json<{
      changes: {
        action: string;
        after: Record<string, unknown> | null;
        beforeSetBy?: Record<string, unknown>;
      }[];
    }>();
    const update = shown.changes.find((change) => change.action === 'update' && change.after?.familyName)!;
    expect(update.beforeSetBy).toMatchObject({
      familyName: { by: { type: 'run', runId: first.summary.id }, action: 'create' },
    });
    const text = (await cli('run', 'show', second.summary.id)).stdout;
    expect(text).toContain(`(set by run ${first.summary.id}`);

    // Without the option, the export stays as it was (byte-stable for comparisons).
    const plain = (await cli('export', '--district', districtId)).json<DirectoryExport>();
    expect(plain.people.every((person) => person.provenance === undefined)).toBe(true);
  });
});

describe('account state', () => {
  it('is set from the CLI, audited, and refused for a person of another district', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    expect((await sync(configId)).code).toBe(0);
    const before = (await cli('export', '--district', districtId)).json<DirectoryExport>();
    const person = before.people[0]!;
    expect(person.accountState).toBe('invitee');
    const set = await cli('--json', 'account', 'set-state', person.id, 'active', '--district', districtId);
    expect(set.code).toBe(0);
    expect(set.json()).toEqual({ personId: person.id, before: 'invitee', after: 'active' });
    const after = (await cli('export', '--district', districtId, '--provenance')).json<DirectoryExport>();
    const activated = after.people.find((p) => p.id === person.id)!;
    expect(activated.accountState).toBe('active');
    // Setting it again changes nothing.
    expect(
      (await cli('--json', 'account', 'set-state', person.id, 'active', '--district', districtId)).json(),
    ).toEqual({
      personId: person.id,
      before: 'active',
      after: 'active',
    });
    const other = (await cli('--json', 'district', 'create', '--name', 'Elsewhere')).json<{ id: string }>();
    const refused = await cli('--json', 'account', 'set-state', person.id, 'invitee', '--district', other.id);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'PERSON_NOT_FOUND' } });
  });
});
