import type { Kysely } from 'kysely';
import type { Grant } from '../directory/principal.ts';
import type { Database, PersonGrantTable } from '../store/database-schema.ts';

/** The grants a person holds in their district, as the principal carries them. */
export async function loadPersonGrants(
  db: Kysely<Database>,
  districtId: string,
  personId: string,
): Promise<Grant[]> {
  const rows = await db
    .selectFrom('person_grants')
    .select(['role', 'school_id'])
    .where('district_id', '=', districtId)
    .where('person_id', '=', personId)
    .orderBy('role')
    .orderBy('school_id')
    .execute();
  return rows.map(grantOfRow);
}

/** A stored grant as the `Grant` contract; the table's checks guarantee the school fits the role. */
export function grantOfRow(row: Pick<PersonGrantTable, 'role' | 'school_id'>): Grant {
  switch (row.role) {
    case 'district_admin':
      return { role: 'district_admin' };
    case 'school_leader':
      return { role: 'school_leader', schoolId: row.school_id ?? '' };
    case 'rostering_admin':
    case 'users_manager':
      return { role: row.role, schoolId: row.school_id };
  }
}
