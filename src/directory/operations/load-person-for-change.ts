import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';

/** One role of a person as an operation sees it. */
export interface RoleForChange {
  id: string;
  role: 'student' | 'staff' | 'guardian';
  kind: string | null;
  configId: string | null;
  sisId: string | null;
  schoolIds: string[];
  /** Owned by an enabled sync (a disabled one lifts its restrictions, SPEC §7). */
  isSynced: boolean;
  /** The owning config's *Update contact details of active users*; false for manual roles. */
  updatesActiveContacts: boolean;
  isArchived: boolean;
}

export interface PersonForChange {
  id: string;
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  email: string | null;
  mobile: string | null;
  homePhone: string | null;
  language: string | null;
  accountState: 'invitee' | 'active';
  isArchived: boolean;
  roles: RoleForChange[];
}

/** Loads and locks a person of the district with their roles. */
export async function loadPersonForChange(
  db: Kysely<Database>,
  districtId: string,
  personId: string,
): Promise<PersonForChange> {
  const person = await db
    .selectFrom('people')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!person) throw new DirectoryError('PERSON_NOT_FOUND', `No person ${personId}.`);
  const roles = await db
    .selectFrom('person_roles as r')
    .leftJoin('sync_configs as s', 's.id', 'r.config_id')
    .select([
      'r.id',
      'r.role',
      'r.kind',
      'r.config_id',
      'r.sis_id',
      'r.school_ids',
      'r.archived_at',
      's.is_enabled',
      's.settings',
    ])
    .where('r.district_id', '=', districtId)
    .where('r.person_id', '=', personId)
    .orderBy('r.role')
    .forUpdate('r')
    .execute();
  return {
    id: person.id,
    givenName: person.given_name,
    middleName: person.middle_name,
    familyName: person.family_name,
    email: person.email,
    mobile: person.mobile,
    homePhone: person.home_phone,
    language: person.language,
    accountState: person.account_state,
    isArchived: person.archived_at !== null,
    roles: roles.map((role) => ({
      id: role.id,
      role: role.role,
      kind: role.kind,
      configId: role.config_id,
      sisId: role.sis_id,
      schoolIds: role.school_ids,
      isSynced: role.is_enabled === true,
      updatesActiveContacts: role.settings?.updateActiveContacts === true,
      isArchived: role.archived_at !== null,
    })),
  };
}

/** The person's open role of a kind, if any. */
export function openRoleOf(person: PersonForChange, role: RoleForChange['role']): RoleForChange | undefined {
  return person.roles.find((candidate) => candidate.role === role && !candidate.isArchived);
}
