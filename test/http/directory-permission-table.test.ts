import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../src/accounts/accept-invitation.ts';
import { grantRole } from '../../src/accounts/grant-role.ts';
import { invitePerson } from '../../src/accounts/invite-person.ts';
import { signIn } from '../../src/accounts/sign-in.ts';
import { addClassroomMember } from '../../src/directory/operations/add-classroom-member.ts';
import { addGuardianLink } from '../../src/directory/operations/add-guardian-link.ts';
import { createStaff } from '../../src/directory/operations/create-staff.ts';
import { removeClassroomMember } from '../../src/directory/operations/remove-classroom-member.ts';
import { setSchoolIds } from '../../src/directory/operations/set-school-ids.ts';
import { rotateJoinCode } from '../../src/directory/operations/rotate-join-code.ts';
import type { Grant, OperatorScope } from '../../src/directory/principal.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { createApiToken } from '../../src/http/tokens/create-api-token.ts';
import { newId } from '../../src/store/new-id.ts';
import {
  buildDirectoryWorld,
  createManualClassroom,
  createManualStudent,
  type DirectoryWorld,
} from '../support/directory-world.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';

/**
 * SPEC §3 and §7 as a table, through the HTTP API: every manual operation, asked by every
 * kind of principal (a session cookie for people, a bearer token for operators), on a
 * district whose sync is enabled and on one whose sync is disabled (its restrictions lifted).
 * Each cell is the answer: `ok` for a 2xx, else the error code of the body.
 */

const harness = useScenarioHarness();
const db = () => harness.store.db;
let app: FastifyInstance;

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

/** How a principal authenticates: a session cookie or a bearer token. */
type Credential = { cookie: string } | { token: string };

interface World extends DirectoryWorld {
  /** The people signed in as each person principal of this district. */
  credentials: Record<Exclude<RoleName, 'person of another district'>, Credential>;
}

const password = 'a long enough password for tests';

/**
 * Gives a person grants, an account (invited and accepted as rostersync does) and a session,
 * returning its cookie.
 */
async function signInAs(
  world: DirectoryWorld,
  personId: string,
  grants: readonly Grant[],
): Promise<Credential> {
  for (const grant of grants) {
    await grantRole(db(), {
      districtId: world.districtId,
      personId,
      role: grant.role,
      schoolId: 'schoolId' in grant ? grant.schoolId : null,
      actor: world.system,
    });
  }
  const invitation = await invitePerson(db(), {
    districtId: world.districtId,
    personId,
    actor: world.system,
  });
  await acceptInvitation(db(), { token: invitation.token, password });
  const person = await db()
    .selectFrom('people')
    .select(['email', 'mobile'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const signedIn = await signIn(db(), {
    districtId: world.districtId,
    credential: person.email ?? person.mobile!,
    password,
  });
  return { cookie: `rostersync_session=${signedIn.sessionToken}` };
}

async function tokenOf(world: DirectoryWorld, scopes: readonly OperatorScope[]): Promise<Credential> {
  const { token } = await createApiToken(db(), {
    districtId: world.districtId,
    name: scopes.join(' '),
    scopes,
    createdBy: 'tests',
  });
  return { token };
}

/**
 * The principals of a world. School-scoped grants cover Lincoln and the Annex (every target of
 * the table is in one of them) and are held by staff made by hand; "another school" is
 * Roosevelt. The teacher of the classroom is T1 (C1's teacher, and made a teacher of every
 * manual classroom the table creates); T2 teaches none of them.
 */
async function addPrincipals(world: DirectoryWorld): Promise<World> {
  const staff = async (schoolId: string, name: string) =>
    (
      await createStaff(db(), world.system, {
        schoolId,
        givenName: name,
        familyName: 'Tester',
        email: `${name.toLowerCase()}.${newId().slice(-8)}@example.org`,
        kind: 'administrator',
      })
    ).personId;
  const scoped = (role: 'school_leader' | 'rostering_admin' | 'users_manager'): Grant[] =>
    [world.lincoln, world.annex].map((schoolId) => ({ role, schoolId }));
  return {
    ...world,
    credentials: {
      'district admin': await signInAs(world, world.person('A1'), [{ role: 'district_admin' }]),
      'leader in school': await signInAs(
        world,
        await staff(world.lincoln, 'Leader'),
        scoped('school_leader'),
      ),
      'leader of another school': await signInAs(world, await staff(world.roosevelt, 'Elsewhere'), [
        { role: 'school_leader', schoolId: world.roosevelt },
      ]),
      'rostering admin': await signInAs(
        world,
        await staff(world.lincoln, 'Roster'),
        scoped('rostering_admin'),
      ),
      'users manager': await signInAs(world, await staff(world.lincoln, 'Users'), scoped('users_manager')),
      'teacher of the classroom': await signInAs(world, world.person('T1'), []),
      'teacher not of the classroom': await signInAs(world, world.person('T2'), []),
      // P2 is active now, so SPEC §6 lets their contact details be edited by hand.
      guardian: await signInAs(world, world.person('P2'), []),
      student: await signInAs(world, world.person('000101'), []),
      'operator with directory:write': await tokenOf(world, ['directory:read', 'directory:write']),
      'operator with directory:read': await tokenOf(world, ['directory:read']),
    },
  };
}

function credentialOf(world: World, other: World, role: RoleName): Credential {
  // The other district's own district admin, asking about this district.
  return role === 'person of another district'
    ? other.credentials['district admin']
    : world.credentials[role];
}

interface ApiRequest {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Under the district's path. */
  path: string;
  body?: Record<string, unknown>;
}

function send(world: World, credential: Credential, request: ApiRequest): Promise<LightMyRequestResponse> {
  return app.inject({
    method: request.method,
    url: `/api/v1/districts/${world.districtId}${request.path}`,
    headers:
      'cookie' in credential
        ? { cookie: credential.cookie }
        : { authorization: `Bearer ${credential.token}` },
    ...(request.body ? { payload: request.body } : {}),
  });
}

/** `ok` for a 2xx; else the answer's error code (and a NOT_PERMITTED must name SPEC §7's rule). */
function outcomeOf(response: LightMyRequestResponse): string {
  if (response.statusCode >= 200 && response.statusCode < 300) return 'ok';
  const { error } = response.json<{ error: { code: string; message: string } }>();
  if (error.code === 'NOT_PERMITTED') expect(error.message).toMatch(/SPEC §7: .+ is for a district admin/);
  return error.code;
}

let phoneCounter = 100;
const nextMobile = () => `+1312555${String(phoneCounter++).padStart(4, '0')}`;

/** One operation of the table. */
interface OperationRow {
  name: string;
  /** Who may (SPEC §7), besides the district admin and an operator with directory:write. */
  mayAlso: RoleName[];
  /** Who may besides, once the sync is disabled (its classrooms are then manual ones, §7). */
  mayAlsoWhenDisabled?: RoleName[];
  /** What the target's state refuses once allowed, per state of its sync. */
  refusal?: { synced?: string; disabled?: string };
  /** Makes fresh targets where the operation uses them up (as rostersync), and names the request. */
  request: (world: World) => Promise<ApiRequest> | ApiRequest;
  /** Puts back what an allowed request changed, so the next principal meets the same state. */
  undo?: (world: World) => Promise<unknown>;
}

const leaderAndRostering: RoleName[] = ['leader in school', 'rostering admin'];

const operations: OperationRow[] = [
  {
    name: 'rename a synced classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    request: (world) => ({
      method: 'PATCH',
      path: `/classrooms/${world.classroom('C1')}`,
      body: { name: `Homeroom ${newId()}` },
    }),
  },
  {
    name: 'change a synced classroom’s grades',
    mayAlso: leaderAndRostering,
    refusal: { synced: 'CLASSROOM_SYNCED' },
    request: (world) => ({
      method: 'PATCH',
      path: `/classrooms/${world.classroom('C1')}`,
      body: { grades: ['04'] },
    }),
  },
  {
    name: 'create a manual classroom',
    mayAlso: leaderAndRostering,
    request: (world) => ({
      method: 'POST',
      path: '/classrooms',
      body: { schoolId: world.lincoln, name: 'Chess club' },
    }),
  },
  {
    name: 'edit a manual classroom',
    mayAlso: leaderAndRostering,
    request: async (world) => ({
      method: 'PATCH',
      path: `/classrooms/${await createManualClassroom(harness, world)}`,
      body: { name: 'Robotics', subjects: ['Science'] },
    }),
  },
  {
    name: 'rename a manual classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    request: async (world) => ({
      method: 'PATCH',
      path: `/classrooms/${await createManualClassroom(harness, world)}`,
      body: { name: 'Robotics' },
    }),
  },
  {
    name: 'archive a manual classroom',
    mayAlso: leaderAndRostering,
    request: async (world) => ({
      method: 'POST',
      path: `/classrooms/${await createManualClassroom(harness, world)}/archive`,
    }),
  },
  {
    name: 'add a co-teacher to a synced classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    request: (world) => ({
      method: 'POST',
      path: `/classrooms/${world.classroom('C1')}/members`,
      body: { personId: world.person('T2'), role: 'teacher' },
    }),
    undo: (world) =>
      removeClassroomMember(db(), world.system, {
        classroomId: world.classroom('C1'),
        personId: world.person('T2'),
      }),
  },
  {
    name: 'add a student to a synced classroom',
    mayAlso: leaderAndRostering,
    mayAlsoWhenDisabled: ['teacher of the classroom'],
    refusal: { synced: 'CLASSROOM_SYNCED' },
    request: (world) => ({
      method: 'POST',
      path: `/classrooms/${world.classroom('C1')}/members`,
      body: { personId: world.person('000201'), role: 'student' },
    }),
    undo: (world) =>
      removeClassroomMember(db(), world.system, {
        classroomId: world.classroom('C1'),
        personId: world.person('000201'),
      }),
  },
  {
    name: 'remove a synced student from a synced classroom',
    mayAlso: leaderAndRostering,
    mayAlsoWhenDisabled: ['teacher of the classroom'],
    refusal: { synced: 'MEMBERSHIP_SYNCED' },
    request: (world) => ({
      method: 'DELETE',
      path: `/classrooms/${world.classroom('C1')}/members/${world.person('000104')}`,
    }),
    undo: (world) =>
      addClassroomMember(db(), world.system, {
        classroomId: world.classroom('C1'),
        personId: world.person('000104'),
        role: 'student',
      }),
  },
  {
    name: 'assign a synced student to a manual classroom',
    mayAlso: [...leaderAndRostering, 'teacher of the classroom'],
    request: async (world) => ({
      method: 'POST',
      path: `/classrooms/${await createManualClassroom(harness, world)}/members`,
      body: { personId: world.person('000101'), role: 'student' },
    }),
  },
  {
    name: 'create a student in a synced school',
    mayAlso: ['leader in school'],
    refusal: { synced: 'SCHOOL_SYNCED' },
    request: (world) => ({
      method: 'POST',
      path: '/students',
      body: { schoolId: world.lincoln, givenName: 'New', familyName: 'Kid' },
    }),
  },
  {
    name: 'create a student in a school no sync rosters',
    mayAlso: ['leader in school'],
    request: (world) => ({
      method: 'POST',
      path: '/students',
      body: { schoolId: world.annex, givenName: 'New', familyName: 'Kid' },
    }),
  },
  {
    name: 'archive a synced student',
    mayAlso: ['leader in school'],
    refusal: { synced: 'STUDENT_SYNCED' },
    request: (world) => ({ method: 'POST', path: `/students/${world.person('000103')}/archive` }),
  },
  {
    name: 'archive a manual student',
    mayAlso: ['leader in school'],
    request: async (world) => ({
      method: 'POST',
      path: `/students/${await createManualStudent(harness, world)}/archive`,
    }),
  },
  {
    name: 'enable a synced student’s account',
    mayAlso: ['leader in school'],
    request: (world) => ({ method: 'POST', path: `/people/${world.person('000102')}/enable-account` }),
  },
  {
    name: 'create a manual staff member in a synced school',
    mayAlso: ['leader in school'],
    request: (world) => ({
      method: 'POST',
      path: '/staff',
      body: { schoolId: world.lincoln, givenName: 'Nia', familyName: 'Coach', kind: 'coach' },
    }),
  },
  {
    name: 'link a guardian to a synced student',
    mayAlso: leaderAndRostering,
    request: (world) => ({
      method: 'POST',
      path: '/guardian-links',
      body: { studentId: world.person('000104'), guardianId: world.person('P4'), relationship: 'relative' },
    }),
  },
  {
    name: 'add a guardian the source lacks to a synced student',
    mayAlso: leaderAndRostering,
    request: (world) => ({
      method: 'POST',
      path: '/guardians',
      body: {
        studentId: world.person('000104'),
        givenName: 'Gran',
        familyName: 'Smith',
        email: `gran.${newId().slice(-8)}@example.org`,
        relationship: 'grandparent',
      },
    }),
  },
  {
    name: 'remove a guardian link made by hand',
    mayAlso: leaderAndRostering,
    request: async (world) => {
      const studentId = await createManualStudent(harness, world);
      await addGuardianLink(db(), world.system, { studentId, guardianId: world.person('P4') });
      return { method: 'DELETE', path: `/students/${studentId}/guardians/${world.person('P4')}` };
    },
  },
  {
    name: 'remove a guardian link the sync made',
    mayAlso: leaderAndRostering,
    refusal: { synced: 'LINK_SYNCED' },
    request: (world) => ({
      method: 'DELETE',
      path: `/students/${world.person('000102')}/guardians/${world.person('P3')}`,
    }),
    // As the disabled sync had made it, so the next principal meets a synced link again.
    undo: (world) =>
      db()
        .insertInto('guardian_links')
        .values({
          district_id: world.districtId,
          guardian_id: world.person('P3'),
          student_id: world.person('000102'),
          relationship: 'relative',
          contact_type: null,
          config_id: world.configId,
        })
        .execute(),
  },
  {
    name: 'rotate a student’s join code',
    mayAlso: leaderAndRostering,
    request: (world) => ({
      method: 'POST',
      path: '/join-codes',
      body: { studentId: world.person('000101') },
    }),
  },
  {
    name: 'edit an active guardian’s contact details (Update contact details of active users off)',
    mayAlso: ['users manager', 'guardian'],
    request: (world) => ({
      method: 'PATCH',
      path: `/people/${world.person('P2')}/contact-details`,
      body: { details: { mobile: nextMobile() } },
    }),
  },
  {
    name: 'give a manual classroom a SIS id',
    mayAlso: ['leader in school'],
    request: async (world) => ({
      method: 'POST',
      path: `/classrooms/${await createManualClassroom(harness, world)}/sis-id`,
      body: { configId: world.configId, sisId: `X-${newId()}` },
    }),
  },
  {
    name: 'merge a manual student into its synced twin',
    mayAlso: ['leader in school'],
    request: async (world) => ({
      method: 'POST',
      path: '/students/merge',
      body: {
        manualStudentId: await createManualStudent(harness, world),
        syncedStudentId: world.person('000104'),
      },
    }),
  },
  {
    name: 'archive every manual student of a school',
    mayAlso: ['leader in school'],
    request: (world) => ({
      method: 'POST',
      path: '/students/archive-manual',
      body: { schoolId: world.annex },
    }),
  },
  {
    name: 'add a manual person to a school’s staff',
    mayAlso: ['leader in school'],
    request: async (world) => ({
      method: 'POST',
      path: `/people/${await createManualStudent(harness, world)}/schools`,
      body: { schoolId: world.annex },
    }),
  },
  {
    name: 'add a synced staff member to another school',
    mayAlso: ['leader in school'],
    refusal: { synced: 'STAFF_SYNCED' },
    request: (world) => ({
      method: 'POST',
      path: `/people/${world.person('T1')}/schools`,
      body: { schoolId: world.annex },
    }),
  },
];

/** What the table expects of a role before the target's state is judged: allowed (null) or the refusal. */
function permissionOutcome(role: RoleName, row: OperationRow, state: 'synced' | 'disabled'): string | null {
  // Another district's principal is answered as if this district did not exist.
  if (role === 'person of another district') return 'DISTRICT_NOT_FOUND';
  if (role === 'operator with directory:read') return 'OPERATOR_SCOPE_MISSING';
  if (role === 'district admin' || role === 'operator with directory:write') return null;
  if (state === 'disabled' && row.mayAlsoWhenDisabled?.includes(role)) return null;
  return row.mayAlso.includes(role) ? null : 'NOT_PERMITTED';
}

const worlds: { synced?: World; disabled?: World } = {};

beforeAll(async () => {
  worlds.synced = await addPrincipals(await buildDirectoryWorld(harness, { isEnabled: true }));
  worlds.disabled = await addPrincipals(
    await buildDirectoryWorld(harness, { isEnabled: false, name: 'Shelbyville' }),
  );
  app = buildServer({ store: harness.store, logger: false });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('manual directory operations × principals × sync state, over HTTP (SPEC §3, §7)', () => {
  for (const state of ['synced', 'disabled'] as const) {
    describe(state === 'synced' ? 'sync enabled' : 'sync disabled (restrictions lifted)', () => {
      for (const row of operations) {
        it(row.name, async () => {
          const world = worlds[state]!;
          const other = worlds[state === 'synced' ? 'disabled' : 'synced']!;
          const actual: Record<string, string> = {};
          const expected: Record<string, string> = {};
          for (const role of roleNames) {
            expected[role] = permissionOutcome(role, row, state) ?? row.refusal?.[state] ?? 'ok';
            const response = await send(world, credentialOf(world, other, role), await row.request(world));
            actual[role] = outcomeOf(response);
            if (actual[role] === 'ok') await row.undo?.(world);
          }
          expect(actual).toEqual(expected);
        });
      }
    });
  }

  const districtAdminOnly: {
    name: string;
    request: (world: World) => ApiRequest;
    undo?: (world: World) => Promise<unknown>;
  }[] = [
    {
      name: 'enabling and disabling a sync',
      request: (world) => ({
        method: 'PUT',
        path: `/sync-configs/${world.configId}/enabled`,
        body: { isEnabled: true },
      }),
    },
    {
      name: 'setting a school’s School IDs',
      request: (world) => ({
        method: 'PUT',
        path: `/schools/${world.annex}/school-ids`,
        body: { sourceIds: ['0099'] },
      }),
      // The Annex is the school no sync rosters: later tests make manual students there.
      undo: (world) => setSchoolIds(db(), world.system, { schoolId: world.annex, sourceIds: [] }),
    },
  ];
  for (const operation of districtAdminOnly) {
    it(`${operation.name} is a district admin’s (or a token with syncs:write)`, async () => {
      const world = worlds.synced!;
      const request = operation.request(world);
      const actual: Record<string, string> = {};
      for (const role of roleNames) {
        actual[role] = outcomeOf(await send(world, credentialOf(world, worlds.disabled!, role), request));
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
        'person of another district': 'DISTRICT_NOT_FOUND',
      });
      expect(outcomeOf(await send(world, await tokenOf(world, ['syncs:write']), request))).toBe('ok');
      await operation.undo?.(world);
    });
  }

  it('anyone of the district but a student joins as a guardian with a code; a token names the guardian', async () => {
    const world = worlds.synced!;
    const actual: Record<string, string> = {};
    for (const role of roleNames) {
      const studentId = await createManualStudent(harness, world);
      const { code } = await rotateJoinCode(db(), world.system, { studentId });
      const credential = credentialOf(world, worlds.disabled!, role);
      const body = 'token' in credential ? { code, guardianId: world.person('P4') } : { code };
      actual[role] = outcomeOf(
        await send(world, credential, { method: 'POST', path: '/join-codes/join', body }),
      );
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
      'person of another district': 'DISTRICT_NOT_FOUND',
    });
  });

  it('a teacher manages members of a manual classroom they teach, not of one they do not', async () => {
    const world = worlds.synced!;
    const classroomId = await createManualClassroom(harness, world);
    const student = world.person('000102');
    const as = (role: RoleName, request: ApiRequest) =>
      send(world, credentialOf(world, worlds.disabled!, role), request).then(outcomeOf);
    const add: ApiRequest = {
      method: 'POST',
      path: `/classrooms/${classroomId}/members`,
      body: { personId: student, role: 'student' },
    };
    const remove: ApiRequest = { method: 'DELETE', path: `/classrooms/${classroomId}/members/${student}` };
    expect(await as('teacher not of the classroom', add)).toBe('NOT_PERMITTED');
    expect(await as('teacher of the classroom', add)).toBe('ok');
    expect(await as('teacher not of the classroom', remove)).toBe('NOT_PERMITTED');
    expect(await as('teacher of the classroom', remove)).toBe('ok');
  });
});
