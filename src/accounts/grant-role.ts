import type { Kysely } from 'kysely';
import { isUuid } from '../directory/change-cursor.ts';
import type { Grant, GrantRole, Principal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { accountActor } from './account-actor.ts';
import { AccountError } from './account-error.ts';
import { assertMayManageAccounts } from './assert-may-manage-accounts.ts';
import { writeAccountAudit } from './write-account-audit.ts';

/** The roles a grant can give (SPEC §7). */
export const grantRoles: readonly GrantRole[] = [
  'district_admin',
  'school_leader',
  'rostering_admin',
  'users_manager',
];

export interface GrantRoleInput {
  districtId: string;
  personId: string;
  /** One of `grantRoles`; anything else is `GRANT_INVALID`. */
  role: string;
  /** The school it is limited to; absent or null: district-wide. */
  schoolId?: string | null | undefined;
  actor: Principal;
  /** Default: the current time. */
  now?: Date;
}

/**
 * Gives a person of the district a right (SPEC §7): district admin (no school), school leader
 * of one of the district's open schools, or rostering admin / users manager of a school or the
 * whole district. A person or a school of another district is not found, whatever exists
 * elsewhere. Giving a grant the person already holds changes nothing (`isNew` false, no audit
 * row). Audited (`personGrants`, `add`).
 */
export async function grantRole(
  db: Kysely<Database>,
  input: GrantRoleInput,
): Promise<{ personId: string; grant: Grant; isNew: boolean }> {
  assertMayManageAccounts(input.actor, input.districtId);
  const grant = readGrant(input.role, input.schoolId ?? null);
  const schoolId = 'schoolId' in grant ? grant.schoolId : null;
  const now = input.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    await findGrantee(tx, input.districtId, input.personId);
    if (schoolId !== null) await findOpenSchool(tx, input.districtId, schoolId);
    const inserted = await tx
      .insertInto('person_grants')
      .values({
        district_id: input.districtId,
        person_id: input.personId,
        role: grant.role,
        school_id: schoolId,
        created_at: now,
        created_by: accountActor(input.actor).name,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('person_id')
      .execute();
    const isNew = inserted.length > 0;
    if (isNew) {
      await writeAccountAudit(tx, {
        districtId: input.districtId,
        actor: input.actor,
        entity: 'personGrants',
        action: 'add',
        personId: input.personId,
        relatedId: schoolId,
        after: { role: grant.role, schoolId },
      });
    }
    return { personId: input.personId, grant, isNew };
  });
}

/** A role and school as a `Grant`, or `GRANT_INVALID` when they do not fit each other. */
export function readGrant(role: string, schoolId: string | null): Grant {
  switch (role) {
    case 'district_admin':
      if (schoolId !== null) {
        throw new AccountError(
          'GRANT_INVALID',
          'A district admin grant covers the whole district: give no school.',
        );
      }
      return { role };
    case 'school_leader':
      if (schoolId === null) {
        throw new AccountError('GRANT_INVALID', 'A school leader grant needs the school it leads.');
      }
      return { role, schoolId };
    case 'rostering_admin':
    case 'users_manager':
      return { role, schoolId };
    default:
      throw new AccountError(
        'GRANT_INVALID',
        `"${role}" is not a grant role; use one of ${grantRoles.join(', ')}.`,
      );
  }
}

/** The person, locked, when they are an unarchived person of the district. */
async function findGrantee(tx: Kysely<Database>, districtId: string, personId: string): Promise<void> {
  const person = isUuid(personId)
    ? await tx
        .selectFrom('people')
        .select(['id', 'archived_at'])
        .where('district_id', '=', districtId)
        .where('id', '=', personId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!person) throw new AccountError('PERSON_NOT_FOUND', `No person ${personId} in this district.`);
  if (person.archived_at) {
    throw new AccountError('PERSON_ARCHIVED', `Person ${personId} is archived and cannot be given a grant.`);
  }
}

async function findOpenSchool(tx: Kysely<Database>, districtId: string, schoolId: string): Promise<void> {
  const school = isUuid(schoolId)
    ? await tx
        .selectFrom('schools')
        .select('id')
        .where('district_id', '=', districtId)
        .where('id', '=', schoolId)
        .where('archived_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!school) {
    throw new AccountError('GRANT_SCHOOL_NOT_FOUND', `No open school ${schoolId} in this district.`);
  }
}
