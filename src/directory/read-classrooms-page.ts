import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { toClassroomJson, type ClassroomJson } from './directory-json.ts';

/**
 * A page of a district's classrooms (without members), in id order after a classroom id
 * (keyset on UUIDv7 ids). `schoolId` keeps one school's; `readable` narrows to what a
 * principal reads (the classrooms of some schools, or taught by a person); archived ones only
 * when asked.
 */
export async function readClassroomsPage(
  db: Kysely<Database>,
  page: {
    districtId: string;
    schoolId?: string | undefined;
    readable?: { schoolIds: readonly string[]; taughtBy: string | null } | undefined;
    includeArchived?: boolean;
    afterId?: string | undefined;
    limit: number;
  },
): Promise<(ClassroomJson & { memberCount: number })[]> {
  let select = db
    .selectFrom('classrooms as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('memberships as m')
        .select((count) => count.fn.countAll<string>().as('n'))
        .where('m.district_id', '=', page.districtId)
        .whereRef('m.classroom_id', '=', 'c.id')
        .as('member_count'),
    )
    .where('c.district_id', '=', page.districtId)
    .orderBy('c.id')
    .limit(page.limit);
  if (page.schoolId !== undefined) select = select.where('c.school_id', '=', page.schoolId);
  const { readable } = page;
  if (readable) {
    const { schoolIds, taughtBy } = readable;
    if (schoolIds.length === 0 && taughtBy === null) return [];
    select = select.where((eb) =>
      eb.or([
        ...(schoolIds.length > 0 ? [eb('c.school_id', 'in', schoolIds)] : []),
        ...(taughtBy !== null
          ? [
              eb.exists(
                eb
                  .selectFrom('memberships as t')
                  .select('t.person_id')
                  .where('t.district_id', '=', page.districtId)
                  .whereRef('t.classroom_id', '=', 'c.id')
                  .where('t.person_id', '=', taughtBy)
                  .where('t.role', '=', 'teacher'),
              ),
            ]
          : []),
      ]),
    );
  }
  if (!page.includeArchived) select = select.where('c.archived_at', 'is', null);
  if (page.afterId !== undefined) select = select.where('c.id', '>', page.afterId);
  const rows = await select.execute();
  return rows.map(({ member_count, ...row }) => ({
    ...toClassroomJson(row),
    memberCount: Number(member_count ?? 0),
  }));
}
