import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';

/**
 * The enabled syncs that create a school's students: a school-level config of the school, or
 * a district-level config when the school carries School IDs (that is how a district config
 * maps it). A disabled config lifts its restrictions (SPEC §7), so it does not count.
 */
export async function findSyncsOfSchool(
  db: Kysely<Database>,
  districtId: string,
  schoolId: string,
): Promise<{ id: string; name: string }[]> {
  const { rows } = await sql<{ id: string; name: string }>`
    select c.id, c.name from sync_configs c
    where c.district_id = ${districtId} and c.is_enabled
      and (c.school_id = ${schoolId}
        or (c.school_id is null and exists (
          select 1 from school_source_ids s
          where s.district_id = ${districtId} and s.school_id = ${schoolId})))
    order by c.name, c.id
  `.execute(db);
  return rows;
}
