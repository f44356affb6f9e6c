import { describe, expect, it } from 'vitest';
import { directoryReadSchemas } from '../../src/http/routes/directory-read-routes.ts';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;

/** Every item of a list, following `next` with a small page. */
async function walk<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await api.call(
      api.a.token,
      'GET',
      url(`${path}${separator}limit=3${cursor ? `&cursor=${cursor}` : ''}`),
    );
    expect(response.statusCode).toBe(200);
    const page = response.json<{ items: T[]; next: string | null }>();
    // The OpenAPI document describes the answer as it is.
    const schema = path.startsWith('/people')
      ? directoryReadSchemas.peoplePage
      : directoryReadSchemas.classroomsPage;
    expect(() => schema.parse(page)).not.toThrow();
    expect(page.items.length).toBeLessThanOrEqual(3);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

describe('the directory a page or a record at a time', () => {
  it('pages through the people as export lists them, and keeps a role or a school', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const people = await walk<{ id: string }>('/people');
    const open = exported.people.filter((person) => !person.archived);
    expect(people.map((person) => person.id)).toEqual(open.map((person) => person.id).sort());
    for (const person of people) expect(person).toEqual(open.find((other) => other.id === person.id));

    const students = await walk<{ id: string }>('/people?role=student');
    expect(students).toHaveLength(
      exported.people.filter((p) => p.roles.some((r) => r.role === 'student')).length,
    );
    const lincoln = api.a.schools['Lincoln Elementary']!;
    const ofLincoln = await walk<{ roles: { schoolIds: string[] }[] }>(
      `/people?role=staff&schoolId=${lincoln}`,
    );
    expect(ofLincoln.length).toBeGreaterThan(0);
    for (const person of ofLincoln)
      expect(person.roles.some((role) => role.schoolIds.includes(lincoln))).toBe(true);
  });

  it('shows a person with who set each field, their guardians and their classes', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const idOf = (sisId: string) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id;
    const response = await api.call(api.a.token, 'GET', url(`/people/${idOf('000102')}`));
    expect(response.statusCode).toBe(200);
    expect(() => directoryReadSchemas.personDetail.parse(response.json())).not.toThrow();
    const person = response.json<{
      provenance: Record<string, { by: { type: string; runId: string } }>;
      guardians: { guardianId: string; isManual: boolean }[];
      memberships: { classroomId: string; role: string }[];
    }>();
    expect(person.provenance.givenName).toMatchObject({ by: { type: 'run', runId: api.a.runId } });
    expect(person.guardians.map((link) => link.guardianId).sort()).toEqual([idOf('P2'), idOf('P3')].sort());
    expect(person.guardians.every((link) => !link.isManual)).toBe(true);
    expect(person.memberships.length).toBeGreaterThan(0);

    const teacher = (await api.call(api.a.token, 'GET', url(`/people/${idOf('T1')}`))).json<{
      memberships: { role: string; isPrimary: boolean }[];
    }>();
    expect(teacher.memberships).toContainEqual(expect.objectContaining({ role: 'teacher', isPrimary: true }));
    const guardian = (await api.call(api.a.token, 'GET', url(`/people/${idOf('P2')}`))).json<{
      students: { studentId: string }[];
    }>();
    expect(guardian.students).toEqual([expect.objectContaining({ studentId: idOf('000102') })]);
  });

  it('pages through the classrooms with member counts, and shows one with its members', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const classrooms = await walk<{ id: string; memberCount: number }>('/classrooms');
    const open = exported.classrooms.filter((classroom) => !classroom.archived);
    expect(classrooms.map((classroom) => classroom.id)).toEqual(open.map((classroom) => classroom.id).sort());
    for (const classroom of classrooms) {
      const { members, ...rest } = open.find((other) => other.id === classroom.id)!;
      expect(classroom).toEqual({ ...rest, memberCount: members.length });
      const one = await api.call(api.a.token, 'GET', url(`/classrooms/${classroom.id}`));
      expect(() => directoryReadSchemas.classroomDetail.parse(one.json())).not.toThrow();
      expect(one.json<{ members: unknown[]; configId: string }>()).toEqual({
        ...rest,
        configId: api.a.configId,
        provenance: expect.any(Object),
        members: expect.arrayContaining(members),
      });
    }
  });

  it('keeps archived records out unless asked, and finds nothing of another district', async () => {
    const school = api.a.schools['Lincoln Elementary']!;
    const created = await api.call(api.a.token, 'POST', url('/classrooms'), {
      schoolId: school,
      name: 'Old club',
    });
    const { classroomId } = created.json<{ classroomId: string }>();
    await api.call(api.a.token, 'POST', url(`/classrooms/${classroomId}/archive`));
    const open = await walk<{ id: string }>(`/classrooms?schoolId=${school}`);
    expect(open.map((classroom) => classroom.id)).not.toContain(classroomId);
    const all = await walk<{ id: string; archived: boolean }>(
      `/classrooms?schoolId=${school}&includeArchived=true`,
    );
    expect(all).toContainEqual(expect.objectContaining({ id: classroomId, archived: true }));

    expect((await api.call(api.a.token, 'GET', url(`/people/${api.b.personId}`))).statusCode).toBe(404);
    expect((await api.call(api.a.token, 'GET', url(`/classrooms/${api.b.classroomId}`))).statusCode).toBe(
      404,
    );
    const badCursor = await api.call(api.a.token, 'GET', url('/people?cursor=nope'));
    expect(badCursor.statusCode).toBe(400);
    const narrow = await api.tokenWith(api.a, ['changes:read']);
    expect((await api.call(narrow, 'GET', url('/people'))).statusCode).toBe(403);
  });

  it('says who set each field of a classroom: the run, then the host app renaming it', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const c1 = exported.classrooms.find((classroom) => classroom.sisId === 'C1')!;
    const before = (await api.call(api.a.token, 'GET', url(`/classrooms/${c1.id}`))).json<{
      provenance: Record<string, { by: { type: string; runId: string | null; tokenId?: string } }>;
    }>();
    expect(before.provenance.name).toMatchObject({ by: { type: 'run', runId: api.a.runId } });
    expect(before.provenance.grades).toMatchObject({ by: { type: 'run', runId: api.a.runId } });
    const renamed = await api.call(api.a.token, 'PATCH', url(`/classrooms/${c1.id}`), { name: 'Room 3A' });
    expect(renamed.statusCode).toBe(200);
    const after = (await api.call(api.a.token, 'GET', url(`/classrooms/${c1.id}`))).json<typeof before>();
    expect(after.provenance.name).toMatchObject({
      by: { type: 'operator', runId: null, tokenId: api.a.tokenId },
    });
    expect(after.provenance.grades).toEqual(before.provenance.grades);
  });

  it('finds people by a name or email prefix, or by a SIS id or student number', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const idOf = (sisId: string) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id;
    const search = async (q: string) =>
      (await api.call(api.a.token, 'GET', url(`/people?q=${encodeURIComponent(q)}`)))
        .json<{ items: { id: string }[] }>()
        .items.map((person) => person.id);
    expect(await search('ava')).toEqual([idOf('000101')]);
    expect(await search('ghopper@')).toEqual([idOf('T1')]);
    expect(await search('000102')).toEqual([idOf('000102')]);
    expect(await search('P3')).toEqual([idOf('P3')]);
    expect(await search('%')).toEqual([]);
    expect(await search('a_a')).toEqual([]);
  });
});
