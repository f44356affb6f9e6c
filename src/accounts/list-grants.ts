import type { Kysely } from 'kysely';
import { isUuid } from '../directory/change-cursor.ts';
import type { GrantRole, Principal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { assertMayManageAccounts } from './assert-may-manage-accounts.ts';

/** One grant of the district, with enough of its person and school to read a list. */
export interface ListedGrant {
  personId: string;
  personName: string;
  role: GrantRole;
  /** Null: district-wide. */
  schoolId: string | null;
  schoolName: string | null;
  /** ISO 8601. */
  createdAt: string;
  /** A person id, `system`, or `token:` and an API token id. */
  createdBy: string;
}

/**
 * Every grant of a district (or of one person of it), ordered by person name, role and
 * school. Who may see them is who may give them (`assertMayManageAccounts`).
 */
export async function listGrants(
  db: Kysely<Database>,
  input: { districtId: string; actor: Principal; personId?: string },
): Promise<ListedGrant[]> {
  assertMayManageAccounts(input.actor, input.districtId);
  if (input.personId !== undefined && !isUuid(input.personId)) return [];
  let query = db
    .selectFrom('person_grants as g')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'g.person_id').on('p.district_id', '=', input.districtId),
    )
    .leftJoin('schools as s', (join) =>
      join.onRef('s.id', '=', 'g.school_id').on('s.district_id', '=', input.districtId),
    )
    .select([
      'g.person_id',
      'g.role',
      'g.school_id',
      'g.created_at',
      'g.created_by',
      'p.given_name',
      'p.family_name',
      's.name as school_name',
    ])
    .where('g.district_id', '=', input.districtId);
  if (input.personId !== undefined) query = query.where('g.person_id', '=', input.personId);
  const rows = await query
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('g.person_id')
    .orderBy('g.role')
    .orderBy('s.name')
    .execute();
  return rows.map((row) => ({
    personId: row.person_id,
    personName: [row.given_name, row.family_name].filter(Boolean).join(' '),
    role: row.role,
    schoolId: row.school_id,
    schoolName: row.school_name,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  }));
}
