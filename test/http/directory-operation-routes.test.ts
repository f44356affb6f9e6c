import { describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;

describe('manual directory operations over the API', () => {
  it('creates a manual classroom, adds and removes a member, renames and archives it', async () => {
    const school = api.a.schools['Lincoln Elementary']!;
    const created = await api.call(api.a.token, 'POST', url('/classrooms'), {
      schoolId: school,
      name: 'Chess club',
    });
    expect(created.statusCode).toBe(200);
    const { classroomId } = created.json<{ classroomId: string }>();
    const exported = await api.harness.exportOf(api.a.districtId);
    const student = exported.people.find((person) => person.roles.some((role) => role.role === 'student'))!;

    const added = await api.call(api.a.token, 'POST', url(`/classrooms/${classroomId}/members`), {
      personId: student.id,
      role: 'student',
    });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ classroomId, personId: student.id });
    const removed = await api.call(
      api.a.token,
      'DELETE',
      url(`/classrooms/${classroomId}/members/${student.id}`),
    );
    expect(removed.statusCode).toBe(200);
    const renamed = await api.call(api.a.token, 'PATCH', url(`/classrooms/${classroomId}`), {
      name: 'Chess & Go',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ classroomId });
    const archived = await api.call(api.a.token, 'POST', url(`/classrooms/${classroomId}/archive`));
    expect(archived.json()).toEqual({ classroomId, isChanged: true });
    const after = await api.harness.exportOf(api.a.districtId);
    expect(after.classrooms.find((classroom) => classroom.id === classroomId)).toMatchObject({
      name: 'Chess & Go',
      archived: true,
      sisId: null,
      members: [],
    });
  });

  it('lets the operation judge: a token without directory:write is refused by its rule', async () => {
    const token = await api.tokenWith(api.a, ['directory:read']);
    const refused = await api.call(token, 'POST', url('/classrooms'), {
      schoolId: api.a.schools['Lincoln Elementary'],
      name: 'Nope',
    });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('OPERATOR_SCOPE_MISSING');
  });

  it('answers a school of another district as not found, and a bad body with REQUEST_INVALID', async () => {
    const other = await api.call(api.a.token, 'POST', url('/classrooms'), {
      schoolId: api.b.schools['Lincoln Elementary'],
      name: 'Elsewhere',
    });
    expect(other.statusCode).toBe(404);
    const bad = await api.call(api.a.token, 'POST', url('/classrooms'), { name: 'No school', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'REQUEST_INVALID' });
    const pathId = await api.call(api.a.token, 'PATCH', url(`/classrooms/${api.a.classroomId}`), {
      classroomId: api.a.classroomId,
      name: 'x',
    });
    expect(pathId.statusCode).toBe(400);
  });

  it('disables and enables a sync with syncs:write', async () => {
    const path = url(`/sync-configs/${api.a.configId}/enabled`);
    const enabled = await api.call(api.a.token, 'PUT', path, { isEnabled: true });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toEqual({ configId: api.a.configId, isChanged: true });
    const token = await api.tokenWith(api.a, ['directory:write']);
    const refused = await api.call(token, 'PUT', path, { isEnabled: false });
    expect(refused.statusCode).toBe(403);
  });
  it('rotates a join code, joins a guardian with it, enables a student account and hands a classroom to the sync', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const student = exported.people.find((person) => person.givenName === 'Zoë')!;
    const guardian = exported.people.find((person) => person.givenName === 'Hoa')!;
    const rotated = await api.call(api.a.token, 'POST', url('/join-codes'), { studentId: student.id });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { code } = rotated.json<{ code: string }>();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    const joined = await api.call(api.a.token, 'POST', url('/join-codes/join'), {
      code,
      guardianId: guardian.id,
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ guardianId: guardian.id, studentId: student.id, isNew: true });
    const links = (await api.harness.exportOf(api.a.districtId)).guardianLinks;
    expect(links).toContainEqual(
      expect.objectContaining({ guardianId: guardian.id, studentId: student.id, isManual: true }),
    );

    const enabled = await api.call(api.a.token, 'POST', url(`/people/${student.id}/enable-account`));
    expect(enabled.json()).toEqual({ personId: student.id, isChanged: true });

    const created = await api.call(api.a.token, 'POST', url('/classrooms'), {
      schoolId: api.a.schools['Lincoln Elementary'],
      name: 'Taken over',
    });
    const { classroomId } = created.json<{ classroomId: string }>();
    const handed = await api.call(api.a.token, 'POST', url(`/classrooms/${classroomId}/sis-id`), {
      configId: api.a.configId,
      sisId: 'C-NEW',
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const after = (await api.harness.exportOf(api.a.districtId)).classrooms.find((c) => c.id === classroomId);
    expect(after).toMatchObject({ sisId: 'C-NEW' });
  });
  it('reads the history of a classroom and of a person: runs and hands, with before and after', async () => {
    const classroomId = api.a.classroomId;
    const renamed = await api.call(api.a.token, 'PATCH', url(`/classrooms/${classroomId}`), {
      name: 'Audited',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const history = await api.call(api.a.token, 'GET', url(`/classrooms/${classroomId}/audit`));
    expect(history.statusCode, history.body).toBe(200);
    const entries = history.json<{ entries: { actor: { type: string }; action: string; after: unknown }[] }>()
      .entries;
    expect(entries[0]).toMatchObject({
      actor: { type: 'operator' },
      action: 'update',
      after: { name: 'Audited' },
    });
    expect(entries.some((entry) => entry.actor.type === 'run' && entry.action === 'create')).toBe(true);
    const person = await api.call(api.a.token, 'GET', url(`/people/${api.a.personId}/audit`));
    expect(person.json<{ entries: unknown[] }>().entries.length).toBeGreaterThan(0);
    const other = await api.call(api.a.token, 'GET', url(`/people/${api.b.personId}/audit`));
    expect(other.statusCode).toBe(404);
  });

  it('adds a guardian and a staff member by hand, removes a link, and sets School IDs with the school’s history', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const student = exported.people.find((person) => person.roles.some((role) => role.sisId === '000104'))!;
    const created = await api.call(api.a.token, 'POST', url('/guardians'), {
      studentId: student.id,
      givenName: 'Gran',
      familyName: 'Smith',
      mobile: '312 555 0142',
      relationship: 'grandparent',
    });
    expect(created.statusCode).toBe(200);
    const { personId: granId } = created.json<{ personId: string }>();
    const unlinked = await api.call(
      api.a.token,
      'DELETE',
      url(`/students/${student.id}/guardians/${granId}`),
    );
    expect(unlinked.json()).toEqual({ guardianId: granId, studentId: student.id });
    const again = await api.call(api.a.token, 'DELETE', url(`/students/${student.id}/guardians/${granId}`));
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).code).toBe('LINK_NOT_FOUND');
    const noCredential = await api.call(api.a.token, 'POST', url('/guardians'), {
      studentId: student.id,
      givenName: 'No',
      familyName: 'Contact',
    });
    expect(noCredential.statusCode).toBe(400);
    expect(errorOf(noCredential).code).toBe('GUARDIAN_NO_CREDENTIAL');

    const school = api.a.schools['Lincoln Elementary']!;
    const staff = await api.call(api.a.token, 'POST', url('/staff'), {
      schoolId: school,
      givenName: 'Nia',
      familyName: 'Coach',
      email: 'nia.coach@example.org',
      kind: 'coach',
    });
    expect(staff.statusCode).toBe(200);

    const taken = await api.call(api.a.token, 'PUT', url(`/schools/${school}/school-ids`), {
      sourceIds: ['0042', '0077'],
    });
    expect(taken.statusCode).toBe(409);
    expect(errorOf(taken).code).toBe('SCHOOL_ID_TAKEN');
    const set = await api.call(api.a.token, 'PUT', url(`/schools/${school}/school-ids`), {
      sourceIds: ['0042', '0042-annex'],
    });
    expect(set.json()).toEqual({ schoolId: school, sourceIds: ['0042', '0042-annex'], isChanged: true });
    await api.call(api.a.token, 'PUT', url(`/schools/${school}/school-ids`), { sourceIds: ['0042'] });
    const history = await api.call(api.a.token, 'GET', url(`/schools/${school}/audit`));
    expect(history.json<{ entries: unknown[] }>().entries.slice(0, 2)).toMatchObject([
      {
        entity: 'schools',
        action: 'update',
        before: { schoolIds: ['0042', '0042-annex'] },
        after: { schoolIds: ['0042'] },
      },
      {
        entity: 'schools',
        action: 'update',
        before: { schoolIds: ['0042'] },
        after: { schoolIds: ['0042', '0042-annex'] },
      },
    ]);
    const otherSchool = await api.call(
      api.a.token,
      'GET',
      url(`/schools/${api.b.schools['Lincoln Elementary']}/audit`),
    );
    expect(otherSchool.statusCode).toBe(404);
  });

  it('locks joining for a principal after ten wrong codes, even with the right one; others still join', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const student = exported.people.find((person) => person.roles.some((role) => role.sisId === '000103'))!;
    const guardian = exported.people.find((person) => person.roles.some((role) => role.sisId === 'P4'))!;
    const rotated = await api.call(api.a.token, 'POST', url('/join-codes'), { studentId: student.id });
    const { code } = rotated.json<{ code: string }>();
    const guesser = await api.tokenWith(api.a, ['directory:write']);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await api.call(guesser, 'POST', url('/join-codes/join'), {
        code: 'ZZZZZZZZ',
        guardianId: guardian.id,
      });
      expect(errorOf(wrong).code).toBe('JOIN_CODE_INVALID');
    }
    const locked = await api.call(guesser, 'POST', url('/join-codes/join'), {
      code,
      guardianId: guardian.id,
    });
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('JOIN_LOCKED');
    const { retryAfterSeconds } = errorOf(locked).details as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(800);
    expect(retryAfterSeconds).toBeLessThanOrEqual(900);
    const other = await api.call(
      await api.tokenWith(api.a, ['directory:write']),
      'POST',
      url('/join-codes/join'),
      {
        code,
        guardianId: guardian.id,
      },
    );
    expect(other.statusCode).toBe(200);
  });
});
