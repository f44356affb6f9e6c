import { createDistrict } from '../../src/directory/create-district.ts';
import { createSchool } from '../../src/directory/create-school.ts';
import type { SystemPrincipal } from '../../src/directory/principal.ts';
import type { Store } from '../../src/store/store.ts';
import { newId } from '../../src/store/new-id.ts';

export interface AccountDistrict {
  districtId: string;
  schoolId: string;
  system: SystemPrincipal;
  /** Adds a person (a staff member by default) and returns their id. */
  addPerson(values?: {
    email?: string | null;
    mobile?: string | null;
    givenName?: string;
    familyName?: string;
    isArchived?: boolean;
    accountState?: 'invitee' | 'active';
  }): Promise<string>;
}

/** A district with one school, and a way to add people to it directly (no sync needed). */
export async function createAccountDistrict(store: Store, name = 'Shelbyville'): Promise<AccountDistrict> {
  const { id: districtId } = await createDistrict(store.db, { name });
  const { id: schoolId } = await createSchool(store.db, { districtId, name: `${name} High` });
  let count = 0;
  return {
    districtId,
    schoolId,
    system: { kind: 'system', districtId },
    async addPerson(values = {}) {
      const id = newId();
      count += 1;
      await store.db
        .insertInto('people')
        .values({
          district_id: districtId,
          id,
          given_name: values.givenName ?? 'Edna',
          middle_name: null,
          family_name: values.familyName ?? `Krabappel ${count}`,
          email:
            values.email === undefined
              ? `person${count}.${districtId.slice(0, 8)}@example.org`
              : values.email,
          mobile: values.mobile ?? null,
          home_phone: null,
          language: null,
          account_state: values.accountState ?? 'invitee',
          archived_at: values.isArchived ? new Date() : null,
        })
        .execute();
      await store.db
        .insertInto('person_roles')
        .values({
          district_id: districtId,
          id: newId(),
          person_id: id,
          role: 'staff',
          kind: 'teacher',
          config_id: null,
          sis_id: null,
          student_number: null,
          state_id: null,
          grade: null,
          school_ids: [schoolId],
          source_hash: null,
          links_hash: null,
          archived_at: values.isArchived ? new Date() : null,
        })
        .execute();
      return id;
    },
  };
}
