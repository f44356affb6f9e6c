import { describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../src/accounts/accept-invitation.ts';
import { grantRole } from '../../src/accounts/grant-role.ts';
import { invitePerson } from '../../src/accounts/invite-person.ts';
import { signIn } from '../../src/accounts/sign-in.ts';
import { createStaff } from '../../src/directory/operations/create-staff.ts';
import type { Grant } from '../../src/directory/principal.ts';
import { useApiFixture } from './api-fixture.ts';

/** SPEC §7: people with school-scoped grants read their schools' directory, and no other. */
const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;
const db = () => api.harness.store.db;

/**
 * A person with these grants, signed in: their Cookie header. Without `existing`, a staff
 * member made by hand in Lincoln.
 */
async function sessionWith(grants: Grant[], existing?: { personId: string; email: string }): Promise<string> {
  const { districtId } = api.a;
  const system = { kind: 'system', districtId } as const;
  const email = existing?.email ?? `reader.${Math.random().toString(36).slice(2)}@example.org`;
  const personId =
    existing?.personId ??
    (
      await createStaff(db(), system, {
        schoolId: api.a.schools['Lincoln Elementary']!,
        givenName: 'Rea',
        familyName: 'Der',
        email,
      })
    ).personId;
  for (const grant of grants) {
    await grantRole(db(), {
      districtId,
      personId,
      role: grant.role,
      schoolId: 'schoolId' in grant ? grant.schoolId : null,
      actor: system,
    });
  }
  const invitation = await invitePerson(db(), { districtId, personId, actor: system });
  const password = 'a long enough password for tests';
  await acceptInvitation(db(), { token: invitation.token, password });
  const signedIn = await signIn(db(), { districtId, credential: email, password });
  return `rostersync_session=${signedIn.sessionToken}`;
}

function get(cookie: string, path: string) {
  return api.app.inject({ method: 'GET', url: url(path), headers: { cookie } });
}

describe('reading the directory of one’s schools (SPEC §7)', () => {
  it('a leader of Lincoln reads Lincoln’s people and classrooms, and is refused Roosevelt’s', async () => {
    const lincoln = api.a.schools['Lincoln Elementary']!;
    const roosevelt = api.a.schools['Roosevelt Middle']!;
    const exported = await api.harness.exportOf(api.a.districtId);
    const idOf = (sisId: string) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id;
    const leader = await sessionWith([{ role: 'school_leader', schoolId: lincoln }]);

    const people = (await get(leader, '/people?limit=500&role=student')).json<{ items: { id: string }[] }>();
    const lincolnStudents = exported.people.filter((p) =>
      p.roles.some((r) => r.role === 'student' && r.schoolIds.includes(lincoln)),
    );
    expect(people.items.map((p) => p.id).sort()).toEqual(lincolnStudents.map((p) => p.id).sort());
    const askedRoosevelt = await get(leader, `/people?schoolId=${roosevelt}`);
    expect(askedRoosevelt.json()).toEqual({ items: [], next: null });

    expect((await get(leader, `/people/${idOf('000101')}`)).statusCode).toBe(200);
    const refused = await get(leader, `/people/${idOf('000201')}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringContaining('SPEC §7') },
    });
    expect((await get(leader, `/people/${idOf('000201')}/audit`)).statusCode).toBe(403);
    expect((await get(leader, `/people/${idOf('000101')}/audit`)).statusCode).toBe(200);
    // P1 is a guardian of a Lincoln student: in Lincoln by way of the student.
    expect((await get(leader, `/people/${idOf('P1')}`)).statusCode).toBe(200);

    const classrooms = (await get(leader, '/classrooms?limit=500')).json<{ items: { schoolId: string }[] }>();
    expect(classrooms.items.length).toBeGreaterThan(0);
    expect(classrooms.items.every((c) => c.schoolId === lincoln)).toBe(true);
    const math = exported.classrooms.find((c) => c.schoolId === roosevelt)!;
    expect((await get(leader, `/classrooms/${math.id}`)).statusCode).toBe(403);
    expect((await get(leader, `/schools/${roosevelt}/audit`)).statusCode).toBe(403);
    expect((await get(leader, `/schools/${lincoln}/audit`)).statusCode).toBe(200);
  });

  it('a district-wide rostering admin reads every school', async () => {
    const wide = await sessionWith([{ role: 'rostering_admin', schoolId: null }]);
    const exported = await api.harness.exportOf(api.a.districtId);
    const all = (await get(wide, '/people?limit=500')).json<{ items: unknown[] }>();
    expect(all.items).toHaveLength(exported.people.filter((p) => !p.archived).length);
  });

  it('a teacher reads the classrooms they teach and their members, a guardian their students, anyone their own record; nothing else', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const person = (sisId: string) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!;
    const classroom = (sisId: string) => exported.classrooms.find((c) => c.sisId === sisId)!;
    const t1 = person('T1');
    const teacher = await sessionWith([], { personId: t1.id, email: t1.email! });
    const listed = (await get(teacher, '/classrooms')).json<{ items: { id: string }[] }>();
    expect(listed.items.map((c) => c.id)).toEqual([classroom('C1').id]);
    expect((await get(teacher, `/classrooms/${classroom('C1').id}`)).statusCode).toBe(200);
    expect((await get(teacher, `/classrooms/${classroom('C2').id}`)).statusCode).toBe(403);
    expect((await get(teacher, `/people/${person('000101').id}`)).statusCode).toBe(200);
    expect((await get(teacher, `/people/${person('000201').id}`)).statusCode).toBe(403);
    expect((await get(teacher, `/people/${t1.id}`)).statusCode).toBe(200);
    expect((await get(teacher, '/people')).json()).toEqual({ items: [], next: null });

    const p2 = person('P2');
    const guardian = await sessionWith([], { personId: p2.id, email: p2.email! });
    expect((await get(guardian, `/people/${p2.id}`)).statusCode).toBe(200);
    expect((await get(guardian, `/people/${p2.id}/audit`)).statusCode).toBe(200);
    // P2 is 000102's guardian, not 000101's.
    expect((await get(guardian, `/people/${person('000102').id}`)).statusCode).toBe(200);
    expect((await get(guardian, `/people/${person('000101').id}`)).statusCode).toBe(403);
    expect((await get(guardian, '/classrooms')).json()).toEqual({ items: [], next: null });
  });
});
