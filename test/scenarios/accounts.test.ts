import { describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../src/accounts/accept-invitation.ts';
import type { ListedGrant } from '../../src/accounts/list-grants.ts';
import { resolveSession } from '../../src/accounts/resolve-session.ts';
import { signIn } from '../../src/accounts/sign-in.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

interface CliInvitation {
  id: string;
  personId: string;
  sendTo: { email: string | null; mobile: string | null };
  expiresAt: string;
  revokedCount: number;
  activationPath: string;
}

describe('people’s accounts through the CLI', () => {
  it('invites a synced teacher, who activates, signs in, and is given and loses a school leader grant', async () => {
    const springfield = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    expect((await sync(springfield.configId)).code).toBe(0);
    const teacher = (await exportOf(springfield.districtId)).people.find(
      (person) => person.email === 'ghopper@springfield.example.org',
    )!;
    expect(teacher.accountState).toBe('invitee');

    const invite = await cli('invite', teacher.id, '--district', springfield.districtId);
    expect(invite.code).toBe(0);
    expect(invite.stderr).toBe('');
    expect(invite.stdout).toMatch(
      new RegExp(
        `^Invited ${teacher.id} \\(send to ghopper@springfield\\.example\\.org\\); the link works until .+\\.\nActivation link \\(shown once\\): /activate\\?token=[^\\s]+\n$`,
      ),
    );
    const again = await cli('--json', 'invite', teacher.id, '--district', springfield.districtId);
    const invitation = again.json<CliInvitation>();
    expect(invitation).toMatchObject({
      personId: teacher.id,
      sendTo: { email: 'ghopper@springfield.example.org', mobile: teacher.mobile },
      revokedCount: 1,
    });
    const token = decodeURIComponent(invitation.activationPath.replace('/activate?token=', ''));

    const password = 'grace brewster murray';
    expect(await acceptInvitation(harness.store.db, { token, password })).toEqual({
      districtId: springfield.districtId,
      personId: teacher.id,
      isNewlyActive: true,
    });
    expect(
      (await exportOf(springfield.districtId)).people.find((p) => p.id === teacher.id)!.accountState,
    ).toBe('active');
    // Activation is audited with the teacher as actor, in the change feed like any change.
    const feed = (await cli('--json', 'changes', '--district', springfield.districtId)).json<{
      changes: {
        entity: string;
        action: string;
        actor: { type: string; personId: string | null };
        fields: object;
      }[];
    }>();
    expect(feed.changes.filter((change) => change.actor.type === 'user')).toEqual([
      expect.objectContaining({
        entity: 'staff',
        action: 'update',
        actor: expect.objectContaining({ personId: teacher.id }),
        fields: { accountState: { before: 'invitee', after: 'active' } },
      }),
      expect.objectContaining({ entity: 'invitations', action: 'accept' }),
    ]);

    const lincoln = springfield.schools['Lincoln Elementary']!;
    const granted = await cli(
      '--json',
      'grant',
      teacher.id,
      'school_leader',
      '--district',
      springfield.districtId,
      '--school',
      lincoln,
    );
    expect(granted.json()).toEqual({
      personId: teacher.id,
      grant: { role: 'school_leader', schoolId: lincoln },
      isNew: true,
    });
    const listed = (await cli('--json', 'grants', '--district', springfield.districtId)).json<{
      grants: ListedGrant[];
    }>();
    expect(listed.grants).toEqual([
      expect.objectContaining({
        personId: teacher.id,
        personName: `${teacher.givenName} ${teacher.familyName}`,
        role: 'school_leader',
        schoolId: lincoln,
        schoolName: 'Lincoln Elementary',
        createdBy: 'system',
      }),
    ]);
    const human = await cli('grants', '--district', springfield.districtId);
    expect(human.stdout).toContain('Lincoln Elementary');

    const { sessionToken } = await signIn(harness.store.db, {
      districtId: springfield.districtId,
      credential: 'GHopper@Springfield.example.org',
      password,
    });
    expect(await resolveSession(harness.store.db, { sessionToken })).toEqual({
      kind: 'person',
      districtId: springfield.districtId,
      personId: teacher.id,
      grants: [{ role: 'school_leader', schoolId: lincoln }],
    });

    const revoked = await cli(
      'revoke-grant',
      teacher.id,
      'school_leader',
      '--district',
      springfield.districtId,
      '--school',
      lincoln,
    );
    expect(revoked.code).toBe(0);
    expect((await resolveSession(harness.store.db, { sessionToken }))?.grants).toEqual([]);
    expect((await cli('grants', '--district', springfield.districtId)).stdout).toBe('No grants.\n');
  });

  it('refuses people and schools of another district, with the code and exit 1', async () => {
    const springfield = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const shelbyville = await createSmallDistrict(cli, bundles.write(smallDistrict()), {
      name: 'Shelbyville',
    });
    expect((await sync(springfield.configId)).code).toBe(0);
    expect((await sync(shelbyville.configId)).code).toBe(0);
    const [ours, theirs] = await Promise.all([
      exportOf(springfield.districtId),
      exportOf(shelbyville.districtId),
    ]);
    const theirTeacher = theirs.people.find((p) => p.email === 'ghopper@springfield.example.org')!;
    const ourTeacher = ours.people.find((p) => p.email === 'ghopper@springfield.example.org')!;

    const refusals = [
      await cli('--json', 'invite', theirTeacher.id, '--district', springfield.districtId),
      await cli('--json', 'grant', theirTeacher.id, 'users_manager', '--district', springfield.districtId),
      await cli(
        '--json',
        'grant',
        ourTeacher.id,
        'school_leader',
        '--district',
        springfield.districtId,
        '--school',
        shelbyville.schools['Lincoln Elementary']!,
      ),
      await cli('--json', 'grant', ourTeacher.id, 'school_leader', '--district', springfield.districtId),
      await cli(
        '--json',
        'revoke-grant',
        ourTeacher.id,
        'district_admin',
        '--district',
        springfield.districtId,
      ),
    ];
    expect(
      refusals.map((result) => [result.code, result.json<{ error: { code: string } }>().error.code]),
    ).toEqual([
      [1, 'PERSON_NOT_FOUND'],
      [1, 'PERSON_NOT_FOUND'],
      [1, 'GRANT_SCHOOL_NOT_FOUND'],
      [1, 'GRANT_INVALID'],
      [1, 'GRANT_NOT_FOUND'],
    ]);
    // A refused invitation prints no link.
    for (const result of refusals) expect(result.stdout).not.toContain('/activate');
    expect((await cli('--json', 'grants', '--district', shelbyville.districtId)).json()).toEqual({
      grants: [],
    });
  });
});
