import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDistrict, type AccountDistrict } from '../../test/support/account-district.ts';
import { openTestStore } from '../../test/support/test-store.ts';
import { createSchool } from '../directory/create-school.ts';
import type { PersonPrincipal } from '../directory/principal.ts';
import type { Store } from '../store/store.ts';
import { AccountError } from './account-error.ts';
import { grantRole } from './grant-role.ts';
import { listGrants } from './list-grants.ts';
import { loadPersonGrants } from './load-person-grants.ts';
import { revokeGrant } from './revoke-grant.ts';

let store: Store;
let district: AccountDistrict;
let other: AccountDistrict;

beforeAll(async () => {
  store = await openTestStore();
  district = await createAccountDistrict(store, 'Springfield');
  other = await createAccountDistrict(store, 'Shelbyville');
});
afterAll(() => store?.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AccountError)) throw new Error(`expected an AccountError, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message };
}

describe('grants (SPEC §7)', () => {
  it('gives each role its scope, lists them, and takes one back exactly; all audited', async () => {
    const personId = await district.addPerson({ givenName: 'Seymour', familyName: 'Skinner' });
    const grant = (role: string, schoolId?: string | null) =>
      grantRole(store.db, {
        districtId: district.districtId,
        personId,
        role,
        schoolId,
        actor: district.system,
      });
    expect(await grant('district_admin')).toEqual({
      personId,
      grant: { role: 'district_admin' },
      isNew: true,
    });
    expect((await grant('school_leader', district.schoolId)).grant).toEqual({
      role: 'school_leader',
      schoolId: district.schoolId,
    });
    expect((await grant('rostering_admin')).grant).toEqual({ role: 'rostering_admin', schoolId: null });
    expect((await grant('rostering_admin', district.schoolId)).isNew).toBe(true);
    expect((await grant('users_manager', district.schoolId)).grant).toEqual({
      role: 'users_manager',
      schoolId: district.schoolId,
    });
    // The same grant again changes nothing.
    expect((await grant('district_admin')).isNew).toBe(false);
    expect((await grant('rostering_admin')).isNew).toBe(false);

    const listed = await listGrants(store.db, { districtId: district.districtId, actor: district.system });
    expect(
      listed.map(({ personName, role, schoolName, createdBy }) => ({
        personName,
        role,
        schoolName,
        createdBy,
      })),
    ).toEqual([
      { personName: 'Seymour Skinner', role: 'district_admin', schoolName: null, createdBy: 'system' },
      {
        personName: 'Seymour Skinner',
        role: 'rostering_admin',
        schoolName: 'Springfield High',
        createdBy: 'system',
      },
      { personName: 'Seymour Skinner', role: 'rostering_admin', schoolName: null, createdBy: 'system' },
      {
        personName: 'Seymour Skinner',
        role: 'school_leader',
        schoolName: 'Springfield High',
        createdBy: 'system',
      },
      {
        personName: 'Seymour Skinner',
        role: 'users_manager',
        schoolName: 'Springfield High',
        createdBy: 'system',
      },
    ]);

    // Taking back the district-wide rostering admin grant leaves the school one.
    expect(
      await revokeGrant(store.db, {
        districtId: district.districtId,
        personId,
        role: 'rostering_admin',
        actor: district.system,
      }),
    ).toEqual({ personId, grant: { role: 'rostering_admin', schoolId: null } });
    expect(await loadPersonGrants(store.db, district.districtId, personId)).toEqual([
      { role: 'district_admin' },
      { role: 'rostering_admin', schoolId: district.schoolId },
      { role: 'school_leader', schoolId: district.schoolId },
      { role: 'users_manager', schoolId: district.schoolId },
    ]);
    expect(
      await refusal(
        revokeGrant(store.db, {
          districtId: district.districtId,
          personId,
          role: 'rostering_admin',
          actor: district.system,
        }),
      ),
    ).toMatchObject({ code: 'GRANT_NOT_FOUND', status: 404 });

    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'action', 'related_id', 'before', 'after'])
      .where('district_id', '=', district.districtId)
      .where('entity', '=', 'personGrants')
      .where('record_id', '=', personId)
      .orderBy('id')
      .execute();
    expect(audit.map((row) => [row.action, row.before ?? row.after])).toEqual([
      ['add', { role: 'district_admin', schoolId: null }],
      ['add', { role: 'school_leader', schoolId: district.schoolId }],
      ['add', { role: 'rostering_admin', schoolId: null }],
      ['add', { role: 'rostering_admin', schoolId: district.schoolId }],
      ['add', { role: 'users_manager', schoolId: district.schoolId }],
      ['remove', { role: 'rostering_admin', schoolId: null }],
    ]);
    expect(new Set(audit.map((row) => `${row.actor_type}:${row.actor_id}`))).toEqual(
      new Set(['system:system']),
    );
  });

  it('refuses a person or a school of another district, an archived person or school, and grants that do not fit their role', async () => {
    const personId = await district.addPerson();
    const archivedPerson = await district.addPerson({ isArchived: true });
    const elsewhere = await other.addPerson();
    const { id: closedSchool } = await createSchool(store.db, {
      districtId: district.districtId,
      name: 'Closed',
    });
    await store.db
      .updateTable('schools')
      .set({ archived_at: new Date() })
      .where('district_id', '=', district.districtId)
      .where('id', '=', closedSchool)
      .execute();
    const grant = (role: string, schoolId: string | null, who = personId) =>
      refusal(
        grantRole(store.db, {
          districtId: district.districtId,
          personId: who,
          role,
          schoolId,
          actor: district.system,
        }),
      );
    expect(await grant('users_manager', null, elsewhere)).toEqual({
      code: 'PERSON_NOT_FOUND',
      status: 404,
      message: `No person ${elsewhere} in this district.`,
    });
    expect((await grant('users_manager', null, archivedPerson)).code).toBe('PERSON_ARCHIVED');
    expect(await grant('school_leader', other.schoolId)).toEqual({
      code: 'GRANT_SCHOOL_NOT_FOUND',
      status: 404,
      message: `No open school ${other.schoolId} in this district.`,
    });
    expect((await grant('rostering_admin', closedSchool)).code).toBe('GRANT_SCHOOL_NOT_FOUND');
    expect((await grant('rostering_admin', 'not-a-uuid')).code).toBe('GRANT_SCHOOL_NOT_FOUND');
    expect((await grant('school_leader', null)).code).toBe('GRANT_INVALID');
    expect((await grant('district_admin', district.schoolId)).code).toBe('GRANT_INVALID');
    expect(await grant('superuser', null)).toEqual({
      code: 'GRANT_INVALID',
      status: 400,
      message:
        '"superuser" is not a grant role; use one of district_admin, school_leader, rostering_admin, users_manager.',
    });
    expect(await loadPersonGrants(store.db, district.districtId, personId)).toEqual([]);
  });

  it('lets district admins manage grants, and nobody else', async () => {
    const adminId = await district.addPerson();
    const leaderId = await district.addPerson();
    await grantRole(store.db, {
      districtId: district.districtId,
      personId: adminId,
      role: 'district_admin',
      actor: district.system,
    });
    const admin: PersonPrincipal = {
      kind: 'person',
      districtId: district.districtId,
      personId: adminId,
      grants: await loadPersonGrants(store.db, district.districtId, adminId),
    };
    const leader: PersonPrincipal = {
      kind: 'person',
      districtId: district.districtId,
      personId: leaderId,
      grants: [{ role: 'school_leader', schoolId: district.schoolId }],
    };
    const byAdmin = await grantRole(store.db, {
      districtId: district.districtId,
      personId: leaderId,
      role: 'school_leader',
      schoolId: district.schoolId,
      actor: admin,
    });
    expect(byAdmin.isNew).toBe(true);
    const row = await store.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id'])
      .where('district_id', '=', district.districtId)
      .where('entity', '=', 'personGrants')
      .where('record_id', '=', leaderId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_type: 'user', actor_id: adminId });

    for (const actor of [
      leader,
      {
        kind: 'operator',
        districtId: district.districtId,
        tokenId: 't1',
        scopes: ['directory:write'],
      } as const,
      { ...admin, districtId: other.districtId },
      other.system,
    ]) {
      expect(
        await refusal(
          grantRole(store.db, {
            districtId: district.districtId,
            personId: leaderId,
            role: 'users_manager',
            actor,
          }),
        ),
      ).toMatchObject({ code: 'ACCOUNTS_NOT_ALLOWED', status: 403 });
      expect(await refusal(listGrants(store.db, { districtId: district.districtId, actor }))).toMatchObject({
        code: 'ACCOUNTS_NOT_ALLOWED',
      });
    }
    expect(
      await refusal(
        listGrants(store.db, { districtId: 'nonsense', actor: { kind: 'system', districtId: 'nonsense' } }),
      ),
    ).toMatchObject({ code: 'DISTRICT_NOT_FOUND' });
  });
});
