import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const setSchoolIdsInput = z.strictObject({
  schoolId: z.uuid(),
  /** The source school ids this school carries: several merge those source schools into it. */
  sourceIds: z.array(z.string().trim().min(1).max(200)).max(100),
});
export type SetSchoolIdsInput = z.input<typeof setSchoolIdsInput>;

/**
 * Sets a school's School IDs by hand (SPEC §3: schools exist first and their School IDs tie
 * them to the source; a person adds and removes them, synced or not). An id on another school
 * is refused (`SCHOOL_ID_TAKEN`): one source school maps to one directory school. The next run
 * rosters what the ids now name; records of a source school no school carries any more are
 * not synced (`SCHOOL_NOT_MAPPED`), and what that archives goes through the guard like any
 * removal. A district admin's (a token needs `syncs:write`): it changes what every sync of
 * the district reads.
 */
export async function setSchoolIds(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: SetSchoolIdsInput,
): Promise<{ schoolId: string; sourceIds: string[]; isChanged: boolean }> {
  const input = parseOperationInput(setSchoolIdsInput, rawInput);
  const sourceIds = [...new Set(input.sourceIds)].sort();
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'school.setSchoolIds', { kind: 'school', schoolId: input.schoolId });
    const current = (
      await tx
        .selectFrom('school_source_ids')
        .select('source_id')
        .where('district_id', '=', principal.districtId)
        .where('school_id', '=', input.schoolId)
        .execute()
    )
      .map((row) => row.source_id)
      .sort();
    const added = sourceIds.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !sourceIds.includes(id));
    if (added.length === 0 && removed.length === 0) {
      return { schoolId: input.schoolId, sourceIds, isChanged: false };
    }
    if (added.length > 0) {
      const taken = await tx
        .selectFrom('school_source_ids as s')
        .innerJoin('schools', 'schools.id', 's.school_id')
        .select(['s.source_id', 'schools.name'])
        .where('s.district_id', '=', principal.districtId)
        .where('s.source_id', 'in', added)
        .execute();
      if (taken.length > 0) {
        throw new DirectoryError(
          'SCHOOL_ID_TAKEN',
          taken.map((row) => `School ID ${row.source_id} is already on ${row.name}`).join('; ') +
            '. One source school maps to one directory school: remove it there first.',
        );
      }
      await tx
        .insertInto('school_source_ids')
        .values(
          added.map((sourceId) => ({
            district_id: principal.districtId,
            school_id: input.schoolId,
            source_id: sourceId,
          })),
        )
        .execute();
    }
    if (removed.length > 0) {
      await tx
        .deleteFrom('school_source_ids')
        .where('district_id', '=', principal.districtId)
        .where('school_id', '=', input.schoolId)
        .where('source_id', 'in', removed)
        .execute();
    }
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'schools',
        action: 'update',
        recordId: input.schoolId,
        before: { schoolIds: current },
        after: { schoolIds: sourceIds },
      },
    ]);
    return { schoolId: input.schoolId, sourceIds, isChanged: true };
  });
}
