import { beforeAll, describe, expect, it } from 'vitest';
import { DirectoryError } from '../../src/directory/directory-error.ts';
import { exportDirectory } from '../../src/directory/export-directory.ts';
import { createSchool } from '../../src/directory/create-school.ts';
import { addClassroomMember } from '../../src/directory/operations/add-classroom-member.ts';
import { addGuardianLink } from '../../src/directory/operations/add-guardian-link.ts';
import { addStaffToSchool } from '../../src/directory/operations/add-staff-to-school.ts';
import { archiveClassroom } from '../../src/directory/operations/archive-classroom.ts';
import { archiveManualStudents } from '../../src/directory/operations/archive-manual-students.ts';
import { archiveStudent } from '../../src/directory/operations/archive-student.ts';
import { createClassroom } from '../../src/directory/operations/create-classroom.ts';
import { createStudent } from '../../src/directory/operations/create-student.ts';
import { editClassroom } from '../../src/directory/operations/edit-classroom.ts';
import { editContactDetails } from '../../src/directory/operations/edit-contact-details.ts';
import { enableStudentAccount } from '../../src/directory/operations/enable-student-account.ts';
import { giveClassroomSisId } from '../../src/directory/operations/give-classroom-sis-id.ts';
import { joinWithCode } from '../../src/directory/operations/join-with-code.ts';
import { mergeStudent } from '../../src/directory/operations/merge-student.ts';
import { removeClassroomMember } from '../../src/directory/operations/remove-classroom-member.ts';
import { rotateJoinCode } from '../../src/directory/operations/rotate-join-code.ts';
import { setSyncEnabled } from '../../src/directory/operations/set-sync-enabled.ts';
import type { Principal } from '../../src/directory/principal.ts';
import { readRecordAudit } from '../../src/directory/read-record-audit.ts';
import { newId } from '../../src/store/new-id.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync } = harness;
const db = () => harness.store.db;

async function exportOrThrow(districtId: string, options: { provenance?: boolean } = {}) {
  const exported = await exportDirectory(db(), districtId, options);
  if (!exported) throw new Error(`no district ${districtId}`);
  return exported;
}

/** A district synced once from the small district, with a third school no sync rosters. */
interface World {
  districtId: string;
  configId: string;
  lincoln: string;
  roosevelt: string;
  /** A school without School IDs: no sync rosters it. */
  annex: string;
  /** Person id by SIS id; classroom id by SIS id. */
  person: (sisId: string) => string;
  classroom: (sisId: string) => string;
  system: Principal;
}

async function buildWorld(options: { isEnabled: boolean; settings?: string[] }): Promise<World> {
  const files = smallDistrict();
  const { districtId, configId, schools } = await createSmallDistrict(cli, bundles.write(files), {
    settings: [`enabled=${options.isEnabled ? 'on' : 'off'}`, ...(options.settings ?? [])],
  });
  const run = await sync(configId);
  expect(run.code).toBe(0);
  const { id: annex } = await createSchool(db(), { districtId, name: 'Annex' });
  const exported = await exportOrThrow(districtId);
  return {
    districtId,
    configId,
    lincoln: schools['Lincoln Elementary']!,
    roosevelt: schools['Roosevelt Middle']!,
    annex,
    person: (sisId) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id,
    classroom: (sisId) => exported.classrooms.find((c) => c.sisId === sisId)!.id,
    system: { kind: 'system', districtId },
  };
}

type RoleName =
  | 'district admin'
  | 'leader in school'
  | 'leader of another school'
  | 'rostering admin'
  | 'users manager'
  | 'teacher of the classroom'
  | 'teacher not of the classroom'
  | 'guardian'
  | 'student'
  | 'operator with directory:write'
  | 'operator with directory:read'
  | 'person of another district';

const roleNames: RoleName[] = [
  'district admin',
  'leader in school',
  'leader of another school',
  'rostering admin',
  'users manager',
  'teacher of the classroom',
  'teacher not of the classroom',
  'guardian',
  'student',
  'operator with directory:write',
  'operator with directory:read',
  'person of another district',
];

/**
 * The principals of a world. School-scoped grants cover Lincoln and the Annex (every target
 * of the table is in one of them); "another school" is Roosevelt. The teacher of the
 * classroom is T1 (C1's teacher; made a teacher of every manual classroom the table creates).
 */
function principalsOf(world: World, other: World): Record<RoleName, Principal> {
  const person = (sisId: string, grants: Extract<Principal, { kind: 'person' }>['grants']): Principal => ({
    kind: 'person',
    districtId: world.districtId,
    personId: world.person(sisId),
    grants,
  });
  const scoped = (role: 'school_leader' | 'rostering_admin' | 'users_manager') =>
    [world.lincoln, world.annex].map((schoolId) => ({ role, schoolId }));
  return {
    'district admin': person('A1', [{ role: 'district_admin' }]),
    'leader in school': person('T3', scoped('school_leader')),
    'leader of another school': person('T2', [{ role: 'school_leader', schoolId: world.roosevelt }]),
    'rostering admin': person('T3', scoped('rostering_admin')),
    'users manager': person('T3', scoped('users_manager')),
    'teacher of the classroom': person('T1', []),
    'teacher not of the classroom': person('T2', []),
    guardian: person('P2', []),
    student: person('000101', []),
    'operator with directory:write': {
      kind: 'operator',
      districtId: world.districtId,
      tokenId: newId(),
      scopes: ['directory:read', 'directory:write'],
    },
    'operator with directory:read': {
      kind: 'operator',
      districtId: world.districtId,
      tokenId: newId(),
      scopes: ['directory:read'],
    },
    'person of another district': {
      kind: 'person',
      districtId: other.districtId,
      personId: other.person('A1'),
      grants: [{ role: 'district_admin' }],
    },
  };
}

/** A manual classroom in Lincoln taught (by hand) by T1. */
async function manualClassroom(world: World, schoolId = world.lincoln): Promise<string> {
  const { classroomId } = await createClassroom(db(), world.system, { schoolId, name: `Club ${newId()}` });
  await addClassroomMember(db(), world.system, {
    classroomId,
    personId: world.person('T1'),
    role: 'teacher',
  });
  return classroomId;
}

async function manualStudent(world: World): Promise<string> {
  const { personId } = await createStudent(db(), world.system, {
    schoolId: world.annex,
    givenName: 'Manual',
    familyName: `Student ${newId().slice(-6)}`,
  });
  return personId;
}

let phoneCounter = 100;
const nextMobile = () => `+1312555${String(phoneCounter++).padStart(4, '0')}`;

/** One operation of the table: runs it as `principal` on fresh targets where it changes them. */
interface OperationRow {
  name: string;
  /** Who may (SPEC §7), besides the district admin and an operator with directory:write. */
  mayAlso: RoleName[];
  /** Who may besides, once the sync is disabled (its classrooms are then manual ones, §7). */
  mayAlsoWhenDisabled?: RoleName[];
  /** What the target's state refuses once allowed, per state of its sync. */
  refusal?: { synced?: string; disabled?: string };
  run: (world: World, principal: Principal) => Promise<unknown>;
}

const leaderAndRostering: RoleName[] = ['leader in school', 'rostering admin'];

const operations: OperationRow[] = [
  {
    name: 'rename a synced classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    run: (world, principal) =>
      editClassroom(db(), principal, { classroomId: world.classroom('C1'), name: `Homeroom ${newId()}` }),
  },
  {
    name: 'change a synced classroom’s grades',
    mayAlso: leaderAndRostering,
    refusal: { synced: 'CLASSROOM_SYNCED' },
    run: (world, principal) =>
      editClassroom(db(), principal, { classroomId: world.classroom('C1'), grades: ['04'] }),
  },
  {
    name: 'create a manual classroom',
    mayAlso: leaderAndRostering,
    run: (world, principal) =>
      createClassroom(db(), principal, { schoolId: world.lincoln, name: 'Chess club' }),
  },
  {
    name: 'edit a manual classroom',
    mayAlso: leaderAndRostering,
    run: async (world, principal) =>
      editClassroom(db(), principal, {
        classroomId: await manualClassroom(world),
        name: 'Robotics',
        subjects: ['Science'],
      }),
  },
  {
    name: 'rename a manual classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    run: async (world, principal) =>
      editClassroom(db(), principal, { classroomId: await manualClassroom(world), name: 'Robotics' }),
  },
  {
    name: 'archive a manual classroom',
    mayAlso: leaderAndRostering,
    run: async (world, principal) =>
      archiveClassroom(db(), principal, { classroomId: await manualClassroom(world) }),
  },
  {
    name: 'add a co-teacher to a synced classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    run: async (world, principal) => {
      const input = { classroomId: world.classroom('C1'), personId: world.person('T2') };
      await addClassroomMember(db(), principal, { ...input, role: 'teacher' });
      await removeClassroomMember(db(), world.system, input);
    },
  },
  {
    name: 'add a student to a synced classroom',
    mayAlso: leaderAndRostering,
    mayAlsoWhenDisabled: ['teacher of the classroom'],
    refusal: { synced: 'CLASSROOM_SYNCED' },
    run: async (world, principal) => {
      const input = { classroomId: world.classroom('C1'), personId: world.person('000201') };
      await addClassroomMember(db(), principal, { ...input, role: 'student' });
      await removeClassroomMember(db(), world.system, input);
    },
  },
  {
    name: 'remove a synced student from a synced classroom',
    mayAlso: leaderAndRostering,
    mayAlsoWhenDisabled: ['teacher of the classroom'],
    refusal: { synced: 'MEMBERSHIP_SYNCED' },
    run: async (world, principal) => {
      const input = { classroomId: world.classroom('C1'), personId: world.person('000104') };
      await removeClassroomMember(db(), principal, input);
      await addClassroomMember(db(), world.system, { ...input, role: 'student' });
    },
  },
  {
    name: 'assign a synced student to a manual classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    run: async (world, principal) =>
      addClassroomMember(db(), principal, {
        classroomId: await manualClassroom(world),
        personId: world.person('000101'),
        role: 'student',
      }),
  },
  {
    name: 'create a student in a synced school',
    mayAlso: ['leader in school'],
    refusal: { synced: 'SCHOOL_SYNCED' },
    run: (world, principal) =>
      createStudent(db(), principal, { schoolId: world.lincoln, givenName: 'New', familyName: 'Kid' }),
  },
  {
    name: 'create a student in a school no sync rosters',
    mayAlso: ['leader in school'],
    run: (world, principal) =>
      createStudent(db(), principal, { schoolId: world.annex, givenName: 'New', familyName: 'Kid' }),
  },
  {
    name: 'archive a synced student',
    mayAlso: ['leader in school'],
    refusal: { synced: 'STUDENT_SYNCED' },
    run: (world, principal) => archiveStudent(db(), principal, { personId: world.person('000103') }),
  },
  {
    name: 'archive a manual student',
    mayAlso: ['leader in school'],
    run: async (world, principal) =>
      archiveStudent(db(), principal, { personId: await manualStudent(world) }),
  },
  {
    name: 'enable a synced student’s account',
    mayAlso: ['leader in school'],
    run: (world, principal) => enableStudentAccount(db(), principal, { personId: world.person('000102') }),
  },
  {
    name: 'link a guardian to a synced student',
    mayAlso: leaderAndRostering,
    run: (world, principal) =>
      addGuardianLink(db(), principal, {
        studentId: world.person('000104'),
        guardianId: world.person('P4'),
        relationship: 'relative',
      }),
  },
  {
    name: 'rotate a student’s join code',
    mayAlso: leaderAndRostering,
    run: (world, principal) => rotateJoinCode(db(), principal, { studentId: world.person('000101') }),
  },
  {
    name: 'edit an active guardian’s contact details (Update contact details of active users off)',
    mayAlso: ['users manager', 'guardian'],
    run: (world, principal) =>
      editContactDetails(db(), principal, {
        personId: world.person('P2'),
        details: { mobile: nextMobile() },
      }),
  },
  {
    name: 'give a manual classroom a SIS id',
    mayAlso: ['leader in school'],
    run: async (world, principal) =>
      giveClassroomSisId(db(), principal, {
        classroomId: await manualClassroom(world),
        configId: world.configId,
        sisId: `X-${newId()}`,
      }),
  },
  {
    name: 'merge a manual student into its synced twin',
    mayAlso: ['leader in school'],
    run: async (world, principal) =>
      mergeStudent(db(), principal, {
        manualStudentId: await manualStudent(world),
        syncedStudentId: world.person('000104'),
      }),
  },
  {
    name: 'archive every manual student of a school',
    mayAlso: ['leader in school'],
    run: (world, principal) => archiveManualStudents(db(), principal, { schoolId: world.annex }),
  },
  {
    name: 'add a manual person to a school’s staff',
    mayAlso: ['leader in school'],
    run: async (world, principal) =>
      addStaffToSchool(db(), principal, { personId: await manualStudent(world), schoolId: world.annex }),
  },
  {
    name: 'add a synced staff member to another school',
    mayAlso: ['leader in school'],
    refusal: { synced: 'STAFF_SYNCED' },
    run: (world, principal) =>
      addStaffToSchool(db(), principal, { personId: world.person('T1'), schoolId: world.annex }),
  },
];

/** What the table expects of a role: allowed, or the permission refusal. */
function permissionOutcome(role: RoleName, row: OperationRow, state: 'synced' | 'disabled'): string | null {
  if (role === 'person of another district') return 'OTHER_DISTRICT';
  if (role === 'operator with directory:read') return 'OPERATOR_SCOPE_MISSING';
  if (role === 'district admin' || role === 'operator with directory:write') return null;
  if (state === 'disabled' && row.mayAlsoWhenDisabled?.includes(role)) return null;
  return row.mayAlso.includes(role) ? null : 'NOT_PERMITTED';
}

async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DirectoryError) return error.code;
    throw error;
  }
}

describe('manual directory operations × roles × sync state (SPEC §3, §7)', () => {
  const worlds: { synced?: World; disabled?: World } = {};
  beforeAll(async () => {
    worlds.synced = await buildWorld({ isEnabled: true });
    worlds.disabled = await buildWorld({ isEnabled: false });
    for (const world of [worlds.synced, worlds.disabled]) {
      // P2 has activated their account, so SPEC §6 lets contact details be edited by hand.
      await db()
        .updateTable('people')
        .set({ account_state: 'active' })
        .where('id', '=', world.person('P2'))
        .execute();
    }
  }, 60_000);

  for (const state of ['synced', 'disabled'] as const) {
    describe(state === 'synced' ? 'sync enabled' : 'sync disabled (restrictions lifted)', () => {
      for (const row of operations) {
        it(`${row.name}`, async () => {
          const world = worlds[state]!;
          const other = worlds[state === 'synced' ? 'disabled' : 'synced']!;
          const principals = principalsOf(world, other);
          const actual: Record<string, string> = {};
          const expected: Record<string, string> = {};
          for (const role of roleNames) {
            expected[role] = permissionOutcome(role, row, state) ?? row.refusal?.[state] ?? 'ok';
            actual[role] = await outcomeOf(row.run(world, principals[role]));
          }
          expect(actual).toEqual(expected);
        });
      }
    });
  }

  it('enabling and disabling a sync is a district admin’s (or a token with syncs:write)', async () => {
    const world = worlds.synced!;
    const principals = principalsOf(world, worlds.disabled!);
    const actual: Record<string, string> = {};
    for (const role of roleNames) {
      actual[role] = await outcomeOf(
        setSyncEnabled(db(), principals[role], { configId: world.configId, isEnabled: true }),
      );
    }
    expect(actual).toEqual({
      'district admin': 'ok',
      'leader in school': 'NOT_PERMITTED',
      'leader of another school': 'NOT_PERMITTED',
      'rostering admin': 'NOT_PERMITTED',
      'users manager': 'NOT_PERMITTED',
      'teacher of the classroom': 'NOT_PERMITTED',
      'teacher not of the classroom': 'NOT_PERMITTED',
      guardian: 'NOT_PERMITTED',
      student: 'NOT_PERMITTED',
      'operator with directory:write': 'OPERATOR_SCOPE_MISSING',
      'operator with directory:read': 'OPERATOR_SCOPE_MISSING',
      'person of another district': 'OTHER_DISTRICT',
    });
    const syncsToken: Principal = {
      kind: 'operator',
      districtId: world.districtId,
      tokenId: newId(),
      scopes: ['syncs:write'],
    };
    expect(
      await outcomeOf(setSyncEnabled(db(), syncsToken, { configId: world.configId, isEnabled: true })),
    ).toBe('ok');
  });

  it('anyone of the district but a student joins as a guardian with a code; a token names the guardian', async () => {
    const world = worlds.synced!;
    const principals = principalsOf(world, worlds.disabled!);
    const actual: Record<string, string> = {};
    for (const role of roleNames) {
      const { code } = await rotateJoinCode(db(), world.system, { studentId: await manualStudent(world) });
      const principal = principals[role];
      const guardianId = principal.kind === 'person' ? undefined : world.person('P4');
      actual[role] = await outcomeOf(joinWithCode(db(), principal, { code, guardianId }));
    }
    expect(actual).toEqual({
      'district admin': 'ok',
      'leader in school': 'ok',
      'leader of another school': 'ok',
      'rostering admin': 'ok',
      'users manager': 'ok',
      'teacher of the classroom': 'ok',
      'teacher not of the classroom': 'ok',
      guardian: 'ok',
      student: 'JOIN_BY_STUDENT',
      'operator with directory:write': 'ok',
      'operator with directory:read': 'OPERATOR_SCOPE_MISSING',
      // The code is looked up in the principal's own district only.
      'person of another district': 'JOIN_CODE_INVALID',
    });
  });

  it('a teacher manages members of a manual classroom they teach, not of one they do not', async () => {
    const world = worlds.synced!;
    const principals = principalsOf(world, worlds.disabled!);
    const classroomId = await manualClassroom(world);
    const input = { classroomId, personId: world.person('000102'), role: 'student' as const };
    expect(await outcomeOf(addClassroomMember(db(), principals['teacher of the classroom'], input))).toBe(
      'ok',
    );
    expect(
      await outcomeOf(
        removeClassroomMember(db(), principals['teacher not of the classroom'], {
          classroomId,
          personId: input.personId,
        }),
      ),
    ).toBe('NOT_PERMITTED');
    expect(
      await outcomeOf(
        removeClassroomMember(db(), principals['teacher of the classroom'], {
          classroomId,
          personId: input.personId,
        }),
      ),
    ).toBe('ok');
  });
});

describe('contact details by hand (SPEC §6)', () => {
  it('follow the source for an invitee, belong to an active user while the setting is off, and to the school when on', async () => {
    const world = await buildWorld({ isEnabled: true });
    const self: Principal = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('P2'),
      grants: [],
    };
    const edit = (details: Record<string, string | null>) =>
      outcomeOf(editContactDetails(db(), self, { personId: world.person('P2'), details }));

    expect(await edit({ familyName: 'Murphy' })).toBe('CONTACTS_FOLLOW_SOURCE');
    await db()
      .updateTable('people')
      .set({ account_state: 'active' })
      .where('id', '=', world.person('P2'))
      .execute();
    expect(await edit({ email: ' Siobhan.Murphy@Example.com ', familyName: 'Murphy' })).toBe('ok');
    expect(await edit({ email: 'GHopper@springfield.example.org' })).toBe('CREDENTIAL_IN_USE');
    expect(await edit({ mobile: 'not a phone' })).toBe('CONTACT_INVALID');

    const exported = await exportOrThrow(world.districtId, { provenance: true });
    const p2 = exported.people.find((person) => person.id === world.person('P2'))!;
    expect(p2).toMatchObject({ email: 'siobhan.murphy@example.com', familyName: 'Murphy' });
    expect(p2.provenance?.email).toMatchObject({
      by: { type: 'user', personId: world.person('P2') },
      action: 'update',
    });

    // A run leaves the active user's edit alone (the setting is off).
    expect((await sync(world.configId)).code).toBe(0);
    const after = await exportOrThrow(world.districtId);
    expect(after.people.find((person) => person.id === world.person('P2'))!.email).toBe(
      'siobhan.murphy@example.com',
    );

    expect((await cli('config', 'set', world.configId, 'updateActiveContacts=on')).code).toBe(0);
    expect(await edit({ familyName: 'Walsh' })).toBe('CONTACTS_MANAGED_BY_SCHOOL');

    // Disabling the sync lifts its restriction.
    await setSyncEnabled(db(), world.system, { configId: world.configId, isEnabled: false });
    expect(await edit({ familyName: 'Walsh' })).toBe('ok');
  }, 60_000);
});

describe('what the next run does with changes made by hand (SPEC §3)', () => {
  it('leaves manual links and memberships alone, puts the source’s name back, keeps a hand-archived class archived, and takes over a classroom given a SIS id', async () => {
    const files = smallDistrict();
    const { districtId, configId, schools } = await createSmallDistrict(cli, bundles.write(files), {
      settings: ['enabled=on'],
    });
    expect((await sync(configId)).code).toBe(0);
    const before = await exportOrThrow(districtId);
    const person = (sisId: string) => before.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id;
    const classroom = (sisId: string) => before.classrooms.find((c) => c.sisId === sisId)!.id;
    const leader: Principal = {
      kind: 'person',
      districtId,
      personId: person('A1'),
      grants: [{ role: 'school_leader', schoolId: schools['Lincoln Elementary']! }],
    };

    await editClassroom(db(), leader, { classroomId: classroom('C1'), name: 'Ms Hopper’s homeroom' });
    await addClassroomMember(db(), leader, {
      classroomId: classroom('C1'),
      personId: person('T2'),
      role: 'teacher',
    });
    await addGuardianLink(db(), leader, {
      studentId: person('000104'),
      guardianId: person('P4'),
      relationship: 'grandparent',
    });
    const { code } = await rotateJoinCode(db(), leader, { studentId: person('000103') });
    const joiner: Principal = { kind: 'person', districtId, personId: person('T1'), grants: [] };
    await joinWithCode(db(), joiner, { code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}` });
    const art = await createClassroom(db(), leader, {
      schoolId: schools['Lincoln Elementary']!,
      name: 'Art club',
    });
    await addClassroomMember(db(), leader, {
      classroomId: art.classroomId,
      personId: person('000101'),
      role: 'student',
    });
    await addClassroomMember(db(), leader, {
      classroomId: art.classroomId,
      personId: person('000102'),
      role: 'student',
    });
    await giveClassroomSisId(db(), leader, { classroomId: art.classroomId, configId, sisId: 'C9' });
    const science = classroom('C3');
    await archiveClassroom(db(), { kind: 'system', districtId }, { classroomId: science });

    const classes = [
      ...files['classes.csv'],
      {
        sourcedId: 'C9',
        title: 'Art 3',
        grades: '03',
        classType: 'scheduled',
        schoolSourcedId: '0042',
        subjects: 'Art',
      },
    ];
    const enrollments = [
      ...files['enrollments.csv'],
      {
        sourcedId: 'E90',
        classSourcedId: 'C9',
        schoolSourcedId: '0042',
        userSourcedId: '000101',
        role: 'student',
        primary: 'false',
      },
      {
        sourcedId: 'E91',
        classSourcedId: 'C9',
        schoolSourcedId: '0042',
        userSourcedId: 'T1',
        role: 'teacher',
        primary: 'true',
      },
    ];
    const run = await sync(
      configId,
      '--path',
      bundles.write({ ...files, 'classes.csv': classes, 'enrollments.csv': enrollments }),
    );
    expect(run.code).toBe(0);

    const after = await exportOrThrow(districtId);
    const c1 = after.classrooms.find((c) => c.id === classroom('C1'))!;
    expect(c1.name).toBe('Homeroom 3A');
    expect(c1.members).toContainEqual({
      personId: person('T2'),
      role: 'teacher',
      isPrimary: false,
      isManual: true,
    });
    expect(after.guardianLinks).toContainEqual({
      guardianId: person('P4'),
      studentId: person('000104'),
      relationship: 'grandparent',
      isManual: true,
    });
    expect(after.guardianLinks).toContainEqual({
      guardianId: person('T1'),
      studentId: person('000103'),
      relationship: null,
      isManual: true,
    });
    expect(
      after.people
        .find((p) => p.id === person('T1'))!
        .roles.map((r) => r.role)
        .sort(),
    ).toEqual(['guardian', 'staff']);
    expect(after.classrooms.find((c) => c.id === science)!.archived).toBe(true);
    const taken = after.classrooms.find((c) => c.id === art.classroomId)!;
    expect(taken).toMatchObject({ name: 'Art 3', sisId: 'C9', subjects: ['Art'] });
    expect(taken.members.map((m) => [m.personId, m.role, m.isManual]).sort()).toEqual(
      [
        [person('000101'), 'student', false],
        [person('T1'), 'teacher', false],
      ].sort(),
    );
  }, 60_000);
});

describe('merging, join codes, disabling a sync, and a record’s audit', () => {
  it('merges a manual student into its synced twin: memberships, links, join code and history move; the manual record is archived', async () => {
    const world = await buildWorld({ isEnabled: true });
    const leader: Principal = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('A1'),
      grants: [
        { role: 'school_leader', schoolId: world.lincoln },
        { role: 'school_leader', schoolId: world.annex },
      ],
    };
    const manual = await manualStudent(world);
    const club = await manualClassroom(world, world.annex);
    await addClassroomMember(db(), leader, { classroomId: club, personId: manual, role: 'student' });
    await addGuardianLink(db(), leader, { studentId: manual, guardianId: world.person('P5') });
    const { code } = await rotateJoinCode(db(), leader, { studentId: manual });

    const twin = world.person('000104');
    expect(await mergeStudent(db(), leader, { manualStudentId: manual, syncedStudentId: twin })).toEqual({
      syncedStudentId: twin,
      movedMemberships: 1,
      movedLinks: 1,
      isJoinCodeMoved: true,
    });
    const exported = await exportOrThrow(world.districtId);
    expect(exported.people.find((p) => p.id === manual)!.archived).toBe(true);
    expect(exported.classrooms.find((c) => c.id === club)!.members.map((m) => m.personId)).toContain(twin);
    expect(exported.guardianLinks).toContainEqual(
      expect.objectContaining({ guardianId: world.person('P5'), studentId: twin, isManual: true }),
    );
    const joined = await joinWithCode(db(), world.system, { code, guardianId: world.person('P1') });
    expect(joined).toEqual({ guardianId: world.person('P1'), studentId: twin, isNew: true });

    const history = await readRecordAudit(db(), { districtId: world.districtId, recordId: twin });
    expect(history[0]).toMatchObject({ entity: 'guardianLinks', action: 'add', actor: { type: 'system' } });
    expect(history).toContainEqual(
      expect.objectContaining({
        entity: 'students',
        action: 'create',
        recordId: manual,
        actor: { type: 'system', id: null },
      }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({
        entity: 'students',
        action: 'update',
        recordId: twin,
        after: { mergedFrom: manual },
        actor: { type: 'user', id: world.person('A1') },
      }),
    );
    expect(history.at(-1)).toMatchObject({ entity: 'students', action: 'create', actor: { type: 'run' } });

    expect(
      await outcomeOf(
        mergeStudent(db(), leader, { manualStudentId: world.person('000101'), syncedStudentId: twin }),
      ),
    ).toBe('MERGE_SOURCE_NOT_MANUAL');
  }, 60_000);

  it('a rotated join code stops working; an unknown code says nothing more', async () => {
    const world = await buildWorld({ isEnabled: true });
    const first = await rotateJoinCode(db(), world.system, { studentId: world.person('000201') });
    const second = await rotateJoinCode(db(), world.system, { studentId: world.person('000201') });
    expect(second.code).not.toBe(first.code);
    const guardian: Principal = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('P4'),
      grants: [],
    };
    expect(await outcomeOf(joinWithCode(db(), guardian, { code: first.code }))).toBe('JOIN_CODE_INVALID');
    expect(await outcomeOf(joinWithCode(db(), guardian, { code: 'ZZZZ-ZZZZ' }))).toBe('JOIN_CODE_INVALID');
    // P4 is already Mia's (000201) guardian from the source: joining again changes nothing.
    expect(await joinWithCode(db(), guardian, { code: second.code })).toEqual({
      guardianId: world.person('P4'),
      studentId: world.person('000201'),
      isNew: false,
    });
    const audit = await readRecordAudit(db(), {
      districtId: world.districtId,
      recordId: world.person('000201'),
    });
    const codeRows = audit.filter((row) => row.entity === 'joinCodes');
    expect(codeRows.map((row) => [row.action, row.after])).toEqual([
      ['update', { hasCode: true }],
      ['create', { hasCode: true }],
    ]);
    expect(JSON.stringify(audit)).not.toContain(second.code);
  }, 60_000);

  it('disabling a sync lifts its restrictions; enabling it again puts them back', async () => {
    const world = await buildWorld({ isEnabled: true });
    const admin: Principal = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('A1'),
      grants: [{ role: 'district_admin' }],
    };
    const add = () =>
      outcomeOf(
        addClassroomMember(db(), admin, {
          classroomId: world.classroom('C2'),
          personId: world.person('000101'),
          role: 'student',
        }),
      );
    expect(await add()).toBe('CLASSROOM_SYNCED');
    expect(await setSyncEnabled(db(), admin, { configId: world.configId, isEnabled: false })).toEqual({
      configId: world.configId,
      isChanged: true,
    });
    expect(await add()).toBe('ok');
    await setSyncEnabled(db(), admin, { configId: world.configId, isEnabled: true });
    expect(
      await outcomeOf(
        addClassroomMember(db(), admin, {
          classroomId: world.classroom('C2'),
          personId: world.person('000102'),
          role: 'student',
        }),
      ),
    ).toBe('CLASSROOM_SYNCED');
    const history = (await cli('--json', 'config', 'show', world.configId, '--history')).stdout;
    expect(history).toContain(world.person('A1'));
  }, 60_000);

  it('audits each change with its actor, before and after, newest first', async () => {
    const world = await buildWorld({ isEnabled: true });
    const token: Principal = {
      kind: 'operator',
      districtId: world.districtId,
      tokenId: newId(),
      scopes: ['directory:write'],
    };
    const teacher: Principal = {
      kind: 'person',
      districtId: world.districtId,
      personId: world.person('T1'),
      grants: [],
    };
    const classroomId = world.classroom('C1');
    await editClassroom(db(), teacher, { classroomId, name: 'Room 12' });
    await editClassroom(db(), token, { classroomId, name: 'Room 14' });
    const history = await readRecordAudit(db(), { districtId: world.districtId, recordId: classroomId });
    expect(history.slice(0, 2)).toMatchObject([
      {
        entity: 'classrooms',
        action: 'update',
        actor: { type: 'operator', id: token.kind === 'operator' ? token.tokenId : '' },
        before: { name: 'Room 12' },
        after: { name: 'Room 14' },
        sisId: 'C1',
      },
      {
        actor: { type: 'user', id: world.person('T1') },
        before: { name: 'Homeroom 3A' },
        after: { name: 'Room 12' },
      },
    ]);
    expect(history.filter((row) => row.actor.type === 'run').length).toBeGreaterThan(1);
    // The change feed publishes changes made by hand like a run's.
    const feed = (await cli('--json', 'changes', '--district', world.districtId)).stdout;
    expect(feed).toContain('Room 14');
  }, 60_000);

  it('a rollback sees a change made by hand as a later change of the same field', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
      settings: ['enabled=on'],
    });
    expect((await sync(configId)).code).toBe(0);
    const classes = files['classes.csv'].map((row) =>
      row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
    );
    const second = await sync(configId, '--path', bundles.write({ ...files, 'classes.csv': classes }));
    expect(second.summary.counts).toMatchObject({ classrooms: { updated: 1 } });
    const exported = await exportOrThrow(districtId);
    const math = exported.classrooms.find((c) => c.sisId === 'C2')!;
    const teacherId = exported.people.find((p) => p.roles.some((r) => r.sisId === 'T2'))!.id;
    const teacher: Principal = { kind: 'person', districtId, personId: teacherId, grants: [] };
    await editClassroom(db(), teacher, { classroomId: math.id, name: 'Algebra' });

    const refused = await cli('--json', 'rollback', second.summary.id);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'ROLLBACK_CONFLICTS',
        details: {
          conflicts: [
            {
              entity: 'classrooms',
              recordId: math.id,
              field: 'name',
              changedBy: { type: 'user', personId: teacherId },
            },
          ],
        },
      },
    });
  }, 60_000);

  it('refuses an invalid input with the field named', async () => {
    const world = await buildWorld({ isEnabled: true });
    await expect(
      createClassroom(db(), world.system, { schoolId: 'nope', name: '' } as never),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('schoolId') });
  }, 60_000);
});
