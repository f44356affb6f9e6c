import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';

/** A classroom as an operation sees it, locked for the operation's transaction. */
export interface ClassroomForChange {
  id: string;
  schoolId: string;
  name: string;
  grades: string[];
  subjects: string[];
  periods: string[];
  classType: string | null;
  location: string | null;
  configId: string | null;
  sisId: string | null;
  /** Owned by an enabled sync: the sync's restrictions apply (a disabled one lifts them, §7). */
  isSynced: boolean;
  isArchived: boolean;
}

/** Loads and locks a classroom of the district; refuses an archived one unless asked not to. */
export async function loadClassroomForChange(
  db: Kysely<Database>,
  districtId: string,
  classroomId: string,
  options: { allowArchived?: boolean } = {},
): Promise<ClassroomForChange> {
  const row = await db
    .selectFrom('classrooms as c')
    .leftJoin('sync_configs as s', 's.id', 'c.config_id')
    .select([
      'c.id',
      'c.school_id',
      'c.name',
      'c.grades',
      'c.subjects',
      'c.periods',
      'c.class_type',
      'c.location',
      'c.config_id',
      'c.sis_id',
      'c.archived_at',
      's.is_enabled',
    ])
    .where('c.district_id', '=', districtId)
    .where('c.id', '=', classroomId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!row) throw new DirectoryError('CLASSROOM_NOT_FOUND', `No classroom ${classroomId}.`);
  if (row.archived_at !== null && !options.allowArchived) {
    throw new DirectoryError(
      'CLASSROOM_ARCHIVED',
      `Classroom ${row.name} is archived: an archived classroom is not changed by hand.`,
    );
  }
  return {
    id: row.id,
    schoolId: row.school_id,
    name: row.name,
    grades: row.grades,
    subjects: row.subjects,
    periods: row.periods,
    classType: row.class_type,
    location: row.location,
    configId: row.config_id,
    sisId: row.sis_id,
    isSynced: row.is_enabled === true,
    isArchived: row.archived_at !== null,
  };
}
