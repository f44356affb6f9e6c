import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;

describe('district and schools', () => {
  it('shows the district', async () => {
    const response = await api.call(api.a.token, 'GET', url());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: api.a.districtId,
      name: 'Springfield',
      timeZone: 'America/Chicago',
    });
  });

  it('pages schools by name with an opaque cursor', async () => {
    const first = await api.call(api.a.token, 'GET', url('/schools?limit=1'));
    const page = first.json<{ items: { name: string; schoolIds: string[] }[]; next: string }>();
    expect(page.items).toEqual([
      { id: api.a.schools['Lincoln Elementary'], name: 'Lincoln Elementary', schoolIds: ['0042'] },
    ]);
    expect(page.next).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = (await api.call(api.a.token, 'GET', url(`/schools?limit=1&cursor=${page.next}`))).json<{
      items: { name: string }[];
      next: string | null;
    }>();
    expect(second.items.map((s) => s.name)).toEqual(['Roosevelt Middle']);
    expect(second.next).toBeNull();
    expect(errorOf(await api.call(api.a.token, 'GET', url('/schools?cursor=bm9wZQ'))).code).toBe(
      'CURSOR_INVALID',
    );
    // A forged cursor of the right list whose id is no id: refused, not a database error.
    const forged = Buffer.from(JSON.stringify({ l: 'schools', d: api.a.districtId, k: ['A', 'x'] })).toString(
      'base64url',
    );
    expect(errorOf(await api.call(api.a.token, 'GET', url(`/schools?cursor=${forged}`))).code).toBe(
      'CURSOR_INVALID',
    );
  });

  it('creates a school with School IDs, and refuses one already taken', async () => {
    const created = await api.call(api.a.token, 'POST', url('/schools'), {
      name: 'Adams High',
      schoolIds: ['0099'],
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const exported = await api.harness.exportOf(api.a.districtId);
    expect(exported.schools).toContainEqual({ id, name: 'Adams High', schoolIds: ['0099'] });
    const taken = await api.call(api.a.token, 'POST', url('/schools'), {
      name: 'Other',
      schoolIds: ['0042'],
    });
    expect(taken.statusCode).toBe(409);
    expect(errorOf(taken)).toEqual({
      code: 'SCHOOL_ID_TAKEN',
      message:
        'School ID 0042 is already on Lincoln Elementary. One source school maps to one directory school.',
      details: null,
    });
    const noName = await api.call(api.a.token, 'POST', url('/schools'), { schoolIds: [] });
    expect(noName.statusCode).toBe(400);
    expect(errorOf(noName)).toMatchObject({
      code: 'REQUEST_INVALID',
      details: { issues: [{ in: 'body', path: 'name' }] },
    });
    const blank = await api.call(api.a.token, 'POST', url('/schools'), { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(errorOf(blank).code).toBe('SCHOOL_NAME_REQUIRED');
  });
});

describe('export, change feed and account state', () => {
  it('exports the directory as the CLI does', async () => {
    const response = await api.call(api.a.token, 'GET', url('/export'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(await api.harness.exportOf(api.a.districtId));
    const withProvenance = (
      await api.call(api.a.token, 'GET', url('/export?provenance=true'))
    ).json<DirectoryExport>();
    expect(withProvenance.people[0]?.provenance).toBeDefined();
  });

  it('reads the change feed page by page with its cursor', async () => {
    const first = (await api.call(api.a.token, 'GET', url('/changes?limit=2'))).json<{
      changes: { cursor: string }[];
      cursor: string;
      hasMore: boolean;
    }>();
    expect(first.changes).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = (await api.call(api.a.token, 'GET', url(`/changes?limit=2&since=${first.cursor}`))).json<{
      changes: { cursor: string }[];
    }>();
    expect(second.changes[0]?.cursor).not.toBe(first.changes[1]?.cursor);
    const bad = await api.call(api.a.token, 'GET', url('/changes?since=nope'));
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('CURSOR_INVALID');
    expect((await api.call(api.a.token, 'GET', url('/changes?limit=10001'))).statusCode).toBe(400);
  });

  it('sets a person’s account state, audited with the token as actor', async () => {
    const path = url(`/people/${api.a.personId}/account-state`);
    const response = await api.call(api.a.token, 'PUT', path, { state: 'active' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ personId: api.a.personId, before: 'invitee', after: 'active' });
    const audit = await api.harness.store.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('record_id', '=', api.a.personId)
      .where('actor_type', '=', 'system')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toMatch(/^token:/);
    expect((await api.call(api.a.token, 'PUT', path, { state: 'asleep' })).statusCode).toBe(400);
    const missing = await api.call(
      api.a.token,
      'PUT',
      url('/people/01a00000-0000-7000-8000-000000000000/account-state'),
      {
        state: 'active',
      },
    );
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('PERSON_NOT_FOUND');
  });
});

describe('the notification outbox', () => {
  it('lists the announcements a host app owes users, page by page, to a token with changes:read', async () => {
    const exported = await api.harness.exportOf(api.a.districtId);
    const guardian = exported.people.find((person) => person.roles.some((role) => role.sisId === 'P4'))!;
    const active = await api.call(api.a.token, 'PUT', url(`/people/${guardian.id}/account-state`), {
      state: 'active',
    });
    expect(active.statusCode).toBe(200);
    for (const email of ['chidi.o@example.com', 'chidi.okafor@example.com']) {
      const edited = await api.call(api.a.token, 'PATCH', url(`/people/${guardian.id}/contact-details`), {
        details: { email },
      });
      expect(edited.statusCode).toBe(200);
    }
    const reader = await api.tokenWith(api.a, ['changes:read']);
    const first = await api.call(reader, 'GET', url('/notifications?limit=1'));
    expect(first.statusCode).toBe(200);
    const page = first.json<{
      items: { field: string; oldValue: string; newValue: string; actor: { type: string } }[];
      next: string;
    }>();
    expect(page.items).toMatchObject([
      {
        field: 'email',
        oldValue: 'chidi@example.com',
        newValue: 'chidi.o@example.com',
        actor: { type: 'operator' },
      },
    ]);
    const second = await api.call(reader, 'GET', url(`/notifications?limit=5&cursor=${page.next}`));
    expect(second.json()).toMatchObject({
      items: [{ oldValue: 'chidi.o@example.com', newValue: 'chidi.okafor@example.com' }],
      next: null,
    });
    const refused = await api.call(
      await api.tokenWith(api.a, ['directory:read']),
      'GET',
      url('/notifications'),
    );
    expect(refused.statusCode).toBe(403);
    const otherDistrict = await api.call(
      reader,
      'GET',
      `/api/v1/districts/${api.b.districtId}/notifications`,
    );
    expect(otherDistrict.statusCode).toBe(404);
  });
});
