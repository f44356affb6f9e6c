import { describe, expect, it } from 'vitest';
import { editContactDetails } from '../../src/directory/operations/edit-contact-details.ts';
import { readNotifications } from '../../src/directory/read-notifications.ts';
import { buildDirectoryWorld } from '../support/directory-world.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';

const harness = useScenarioHarness();
const db = () => harness.store.db;

/** The small district with new emails for P1 (an invitee) and P2, and a new mobile for P3. */
function changedContacts() {
  const files = smallDistrict();
  return {
    ...files,
    'users.csv': files['users.csv'].map((row) => {
      if (row.sourcedId === 'P1') return { ...row, email: 'hoa.n@example.com' };
      if (row.sourcedId === 'P2') return { ...row, email: 'siobhan.obrien@example.com' };
      if (row.sourcedId === 'P3') return { ...row, sms: '(617) 303-9999' };
      return row;
    }),
  };
}

describe('the notification outbox (SPEC §6: a changed credential is announced)', () => {
  it('a run that changes an active user’s email announces it, old and new; an invitee’s change is not announced', async () => {
    const world = await buildDirectoryWorld(harness, {
      isEnabled: true,
      settings: ['updateActiveContacts=on'],
    });
    await db()
      .updateTable('people')
      .set({ account_state: 'active' })
      .where('id', 'in', [world.person('P2'), world.person('P3')])
      .execute();

    const run = await harness.sync(world.configId, '--path', harness.bundles.write(changedContacts()));
    expect(run.code).toBe(0);
    const notifications = await readNotifications(db(), { districtId: world.districtId, limit: 10 });
    expect(
      notifications.map(({ personId, kind, field, oldValue, newValue, actor }) => ({
        personId,
        kind,
        field,
        oldValue,
        newValue,
        actor,
      })),
    ).toEqual(
      expect.arrayContaining([
        {
          personId: world.person('P2'),
          kind: 'credential_changed',
          field: 'email',
          oldValue: 'siobhan@example.com',
          newValue: 'siobhan.obrien@example.com',
          actor: { type: 'run', id: run.summary.id },
        },
        {
          personId: world.person('P3'),
          kind: 'credential_changed',
          field: 'mobile',
          oldValue: '+16173034455',
          newValue: '+16173039999',
          actor: { type: 'run', id: run.summary.id },
        },
      ]),
    );
    expect(notifications).toHaveLength(2);
    const exported = await harness.exportOf(world.districtId);
    expect(exported.people.find((p) => p.id === world.person('P1'))!.email).toBe('hoa.n@example.com');
  }, 60_000);

  it('with the setting off a run changes no active user’s credential, so it announces nothing', async () => {
    const world = await buildDirectoryWorld(harness, { isEnabled: true });
    await db()
      .updateTable('people')
      .set({ account_state: 'active' })
      .where('id', '=', world.person('P2'))
      .execute();
    const run = await harness.sync(world.configId, '--path', harness.bundles.write(changedContacts()));
    expect(run.code).toBe(0);
    expect(await readNotifications(db(), { districtId: world.districtId, limit: 10 })).toEqual([]);
  }, 60_000);

  it('an edit by hand is announced when someone else changes an active user’s credential, not when they change their own', async () => {
    const world = await buildDirectoryWorld(harness, { isEnabled: true });
    await db()
      .updateTable('people')
      .set({ account_state: 'active' })
      .where('id', '=', world.person('P2'))
      .execute();
    const self = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('P2'),
      grants: [],
    } as const;
    await editContactDetails(db(), self, {
      personId: world.person('P2'),
      details: { email: 'me@example.com' },
    });
    expect(await readNotifications(db(), { districtId: world.districtId, limit: 10 })).toEqual([]);

    const manager = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('T3'),
      grants: [{ role: 'users_manager', schoolId: null }],
    } as const;
    await editContactDetails(db(), manager, {
      personId: world.person('P2'),
      details: { mobile: '+1 415 202 9999', familyName: 'Walsh' },
    });
    expect(await readNotifications(db(), { districtId: world.districtId, limit: 10 })).toMatchObject([
      {
        personId: world.person('P2'),
        field: 'mobile',
        oldValue: '+14152023344',
        newValue: '+14152029999',
        actor: { type: 'user', id: world.person('T3') },
      },
    ]);
  }, 60_000);
});
