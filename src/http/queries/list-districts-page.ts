import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';

/** A district as the API shows it. */
export interface DistrictRecord {
  id: string;
  name: string;
  timeZone: string;
}

/**
 * A page of districts, oldest first, after a district id (keyset: district ids are UUIDv7 made
 * when the district is created, so id order is creation order and a page never shifts when
 * districts are added). `onlyId` keeps one district: a district's principal sees its own alone.
 */
export async function listDistrictsPage(
  db: Kysely<Database>,
  page: { onlyId?: string | undefined; afterId?: string | undefined; limit: number },
): Promise<DistrictRecord[]> {
  let select = db.selectFrom('districts').select(['id', 'name', 'time_zone']).orderBy('id').limit(page.limit);
  if (page.onlyId !== undefined) select = select.where('id', '=', page.onlyId);
  if (page.afterId !== undefined) select = select.where('id', '>', page.afterId);
  const rows = await select.execute();
  return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.time_zone }));
}
