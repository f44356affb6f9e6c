import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import { DirectoryError } from './directory-error.ts';

/**
 * Creates a school with its School IDs (source org ids). Several ids merge those source
 * schools into this one; an id already on another school is refused, since one source school
 * routed to two directory schools needs a split rule.
 */
export async function createSchool(
  db: Kysely<Database>,
  input: { districtId: string; name: string; schoolIds?: readonly string[] },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw new DirectoryError('SCHOOL_NAME_REQUIRED', 'A school needs a name.');
  const district = await db
    .selectFrom('districts')
    .select('id')
    .where('id', '=', input.districtId)
    .executeTakeFirst();
  if (!district) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${input.districtId}.`);
  const sourceIds = [...new Set(input.schoolIds ?? [])];
  if (sourceIds.some((id) => id === ''))
    throw new DirectoryError('SCHOOL_ID_EMPTY', 'A School ID cannot be empty.');
  return db.transaction().execute(async (tx) => {
    if (sourceIds.length > 0) {
      const taken = await tx
        .selectFrom('school_source_ids as s')
        .innerJoin('schools', 'schools.id', 's.school_id')
        .select(['s.source_id', 'schools.name'])
        .where('s.district_id', '=', input.districtId)
        .where('s.source_id', 'in', sourceIds)
        .execute();
      if (taken.length > 0) {
        throw new DirectoryError(
          'SCHOOL_ID_TAKEN',
          taken.map((row) => `School ID ${row.source_id} is already on ${row.name}`).join('; ') +
            '. One source school maps to one directory school.',
        );
      }
    }
    const id = newId();
    await tx.insertInto('schools').values({ district_id: input.districtId, id, name }).execute();
    if (sourceIds.length > 0) {
      await tx
        .insertInto('school_source_ids')
        .values(
          sourceIds.map((sourceId) => ({
            district_id: input.districtId,
            school_id: id,
            source_id: sourceId,
          })),
        )
        .execute();
    }
    return { id };
  });
}
