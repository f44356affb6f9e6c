import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../../src/directory/directory-error.ts';
import { exportDirectory } from '../../src/directory/export-directory.ts';
import { addClassroomMember } from '../../src/directory/operations/add-classroom-member.ts';
import { addGuardianLink } from '../../src/directory/operations/add-guardian-link.ts';
import { archiveClassroom } from '../../src/directory/operations/archive-classroom.ts';
import { createGuardian } from '../../src/directory/operations/create-guardian.ts';
import { createStaff } from '../../src/directory/operations/create-staff.ts';
import { createClassroom } from '../../src/directory/operations/create-classroom.ts';
import { editClassroom } from '../../src/directory/operations/edit-classroom.ts';
import { editContactDetails } from '../../src/directory/operations/edit-contact-details.ts';
import { giveClassroomSisId } from '../../src/directory/operations/give-classroom-sis-id.ts';
import { joinWithCode } from '../../src/directory/operations/join-with-code.ts';
import { mergeStudent } from '../../src/directory/operations/merge-student.ts';
import { removeGuardianLink } from '../../src/directory/operations/remove-guardian-link.ts';
import { rotateJoinCode } from '../../src/directory/operations/rotate-join-code.ts';
import { setSchoolIds } from '../../src/directory/operations/set-school-ids.ts';
import { setSyncEnabled } from '../../src/directory/operations/set-sync-enabled.ts';
import type { Principal } from '../../src/directory/principal.ts';
import { readRecordAudit } from '../../src/directory/read-record-audit.ts';
import { newId } from '../../src/store/new-id.ts';
import {
  buildDirectoryWorld,
  createManualClassroom,
  createManualStudent,
  type DirectoryWorld,
} from '../support/directory-world.ts';
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
/** A world of the small district synced once (see `buildDirectoryWorld`). */
const buildWorld = (options: { isEnabled: boolean; settings?: string[] }) =>
  buildDirectoryWorld(harness, options);
const manualClassroom = (world: DirectoryWorld, schoolId?: string) =>
  createManualClassroom(harness, world, schoolId);
const manualStudent = (world: DirectoryWorld) => createManualStudent(harness, world);

async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DirectoryError) return error.code;
    throw error;
  }
}

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

describe('people added by hand and links removed by hand (SPEC §3)', () => {
  it('a guardian and a staff member made by hand outlive every run; a manual link removed stays removed', async () => {
    const world = await buildWorld({ isEnabled: true });
    const student = world.person('000104');
    const gran = await createGuardian(db(), world.system, {
      studentId: student,
      givenName: 'Gran',
      familyName: 'Smith',
      email: ' Gran.Smith@Example.org ',
      mobile: '(312) 555-0199',
      relationship: 'grandparent',
    });
    const coach = await createStaff(db(), world.system, {
      schoolId: world.lincoln,
      givenName: 'Nia',
      familyName: 'Coach',
      kind: 'coach',
    });
    await addGuardianLink(db(), world.system, { studentId: student, guardianId: world.person('P4') });
    await removeGuardianLink(db(), world.system, { studentId: student, guardianId: world.person('P4') });

    expect((await sync(world.configId)).code).toBe(0);
    const after = await exportOrThrow(world.districtId);
    const granAfter = after.people.find((p) => p.id === gran.personId)!;
    expect(granAfter).toMatchObject({
      email: 'gran.smith@example.org',
      mobile: '+13125550199',
      archived: false,
    });
    expect(granAfter.roles).toMatchObject([
      { role: 'guardian', kind: 'grandparent', sisId: null, schoolIds: [world.lincoln] },
    ]);
    expect(after.guardianLinks).toContainEqual({
      guardianId: gran.personId,
      studentId: student,
      relationship: 'grandparent',
      isManual: true,
    });
    expect(
      after.guardianLinks.some((l) => l.guardianId === world.person('P4') && l.studentId === student),
    ).toBe(false);
    expect(after.people.find((p) => p.id === coach.personId)!.roles).toMatchObject([
      { role: 'staff', kind: 'coach', sisId: null, schoolIds: [world.lincoln] },
    ]);
  }, 60_000);

  it('refuses a guardian without a credential, or with one someone holds', async () => {
    const world = await buildWorld({ isEnabled: true });
    const input = { studentId: world.person('000104'), givenName: 'Gran', familyName: 'Smith' };
    expect(await outcomeOf(createGuardian(db(), world.system, input))).toBe('GUARDIAN_NO_CREDENTIAL');
    expect(
      await outcomeOf(createGuardian(db(), world.system, { ...input, email: 'CHIDI@example.com' })),
    ).toBe('CREDENTIAL_IN_USE');
    expect(
      await outcomeOf(
        createGuardian(db(), world.system, {
          ...input,
          studentId: world.person('T1'),
          email: 'g@example.org',
        }),
      ),
    ).toBe('ROLE_REQUIRED');
    expect(
      await outcomeOf(
        createStaff(db(), world.system, {
          schoolId: world.lincoln,
          givenName: 'A',
          familyName: 'B',
          mobile: 'nope',
        }),
      ),
    ).toBe('CONTACT_INVALID');
  }, 60_000);

  it('a synced link removed while its sync is disabled comes back when the sync is enabled again and the source still has it', async () => {
    const world = await buildWorld({ isEnabled: true });
    const link = { studentId: world.person('000102'), guardianId: world.person('P3') };
    expect(await outcomeOf(removeGuardianLink(db(), world.system, link))).toBe('LINK_SYNCED');
    await setSyncEnabled(db(), world.system, { configId: world.configId, isEnabled: false });
    expect(await outcomeOf(removeGuardianLink(db(), world.system, link))).toBe('ok');
    expect(await outcomeOf(removeGuardianLink(db(), world.system, link))).toBe('LINK_NOT_FOUND');
    const removed = await exportOrThrow(world.districtId);
    expect(removed.guardianLinks.some((l) => l.guardianId === link.guardianId)).toBe(false);

    await setSyncEnabled(db(), world.system, { configId: world.configId, isEnabled: true });
    const run = await sync(world.configId);
    expect(run.code).toBe(0);
    const after = await exportOrThrow(world.districtId);
    expect(after.guardianLinks).toContainEqual({
      guardianId: link.guardianId,
      studentId: link.studentId,
      relationship: 'relative',
      isManual: false,
    });
    const history = await readRecordAudit(db(), { districtId: world.districtId, recordId: link.guardianId });
    expect(history.map((entry) => [entry.entity, entry.action, entry.actor.type])).toEqual(
      expect.arrayContaining([
        ['guardianLinks', 'remove', 'system'],
        ['guardianLinks', 'add', 'run'],
      ]),
    );
  }, 60_000);
});

describe('School IDs by hand (SPEC §3)', () => {
  it('moving a source school to another directory school moves its records on the next run, archiving none', async () => {
    const world = await buildWorld({ isEnabled: true });
    expect(
      await outcomeOf(setSchoolIds(db(), world.system, { schoolId: world.annex, sourceIds: ['0042'] })),
    ).toBe('SCHOOL_ID_TAKEN');
    expect(
      await setSchoolIds(db(), world.system, { schoolId: world.roosevelt, sourceIds: [] }),
    ).toMatchObject({ isChanged: true, sourceIds: [] });
    await setSchoolIds(db(), world.system, { schoolId: world.annex, sourceIds: [' 0077 ', '0077'] });

    const run = await sync(world.configId);
    expect(run.code).toBe(0);
    expect(run.summary.counts.students).toMatchObject({ updated: 4, archived: 0 });
    expect(run.summary.counts.classrooms).toMatchObject({ archived: 0 });
    const after = await exportOrThrow(world.districtId);
    const mia = after.people.find((p) => p.id === world.person('000201'))!;
    expect(mia.archived).toBe(false);
    expect(mia.roles[0]!.schoolIds).toEqual([world.annex]);
    expect(after.classrooms.filter((c) => c.schoolId === world.roosevelt && !c.archived)).toEqual([]);

    const history = await readRecordAudit(db(), { districtId: world.districtId, recordId: world.annex });
    expect(history[0]).toMatchObject({
      entity: 'schools',
      action: 'update',
      before: { schoolIds: [] },
      after: { schoolIds: ['0077'] },
      actor: { type: 'system' },
    });
  }, 60_000);
});
