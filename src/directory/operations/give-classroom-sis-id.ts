import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadClassroomForChange } from './load-classroom-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit, type DirectoryAuditEntry } from './write-directory-audit.ts';

export const giveClassroomSisIdInput = z.strictObject({
  classroomId: z.uuid(),
  configId: z.uuid(),
  sisId: z.string().trim().min(1).max(255),
});
export type GiveClassroomSisIdInput = z.input<typeof giveClassroomSisIdInput>;

/**
 * Hands a manual classroom to a sync (SPEC §3, §6 mid-year adoption): it gets the config and
 * the SIS class id, so the next run of that config takes it over, updates its fields from the
 * source and makes its roster follow the source. Its memberships are handed over with it
 * (they get the config): "members not in the source leave it" (§3), through the run's guard
 * like any removal, and listed in its report. Its hashes are cleared, so the run compares it
 * in full. The config must roster the classroom's school (a school-level config of it, or a
 * district-level config while the school has School IDs).
 */
export async function giveClassroomSisId(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: GiveClassroomSisIdInput,
): Promise<{ classroomId: string; handedOverMembers: number }> {
  const input = parseOperationInput(giveClassroomSisIdInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'classroom.giveSisId', {
      kind: 'classroom',
      classroomId: input.classroomId,
    });
    // The body's config is looked up first: another district's id is simply not found, before
    // anything about this district's classroom is said.
    const config = await tx
      .selectFrom('sync_configs')
      .select(['id', 'name', 'school_id'])
      .where('district_id', '=', principal.districtId)
      .where('id', '=', input.configId)
      .executeTakeFirst();
    if (!config) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${input.configId}.`);
    const classroom = await loadClassroomForChange(tx, principal.districtId, input.classroomId);
    if (classroom.configId !== null) {
      throw new DirectoryError(
        'CLASSROOM_SYNCED',
        `Classroom ${classroom.name} already belongs to a sync (SIS id ${classroom.sisId}).`,
      );
    }
    const hasSchoolIds = await tx
      .selectFrom('school_source_ids')
      .select('source_id')
      .where('district_id', '=', principal.districtId)
      .where('school_id', '=', classroom.schoolId)
      .executeTakeFirst();
    const coversSchool = config.school_id
      ? config.school_id === classroom.schoolId
      : hasSchoolIds !== undefined;
    if (!coversSchool) {
      throw new DirectoryError(
        'CONFIG_NOT_FOR_SCHOOL',
        `The sync ${config.name} does not roster this classroom's school, so its runs would never see the class.`,
      );
    }
    const taken = await tx
      .selectFrom('classrooms')
      .select(['id', 'name'])
      .where('district_id', '=', principal.districtId)
      .where('config_id', '=', config.id)
      .where('sis_id', '=', input.sisId)
      .executeTakeFirst();
    if (taken) {
      throw new DirectoryError(
        'CLASSROOM_SIS_ID_TAKEN',
        `The SIS id ${input.sisId} is already classroom ${taken.name} of the sync ${config.name}: merge the rosters by hand, or archive one.`,
      );
    }
    await tx
      .updateTable('classrooms')
      .set({
        config_id: config.id,
        sis_id: input.sisId,
        source_hash: null,
        members_hash: null,
        updated_at: new Date(),
      })
      .where('id', '=', classroom.id)
      .execute();
    const members = await tx
      .updateTable('memberships')
      .set({ config_id: config.id })
      .where('district_id', '=', principal.districtId)
      .where('classroom_id', '=', classroom.id)
      .where('config_id', 'is', null)
      .returning(['person_id', 'role', 'is_primary'])
      .execute();
    const audit: DirectoryAuditEntry[] = [
      {
        entity: 'classrooms',
        action: 'update',
        recordId: classroom.id,
        sisId: input.sisId,
        before: { configId: null, sisId: null },
        after: { configId: config.id, sisId: input.sisId },
      },
      ...members.map((member): DirectoryAuditEntry => ({
        entity: 'memberships',
        action: 'update',
        recordId: classroom.id,
        relatedId: member.person_id,
        before: { configId: null },
        after: { configId: config.id },
      })),
    ];
    await writeDirectoryAudit(tx, principal, audit);
    return { classroomId: classroom.id, handedOverMembers: members.length };
  });
}
