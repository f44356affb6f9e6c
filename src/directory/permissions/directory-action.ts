/**
 * Every manual directory operation a principal may be allowed or refused (SPEC §3, §7). The
 * permission table (`decide-permission.ts`) has one row per action.
 */
export const directoryActions = [
  'classroom.create',
  /** Grades, subjects, periods… of a classroom (its name is `classroom.rename`). */
  'classroom.edit',
  'classroom.rename',
  'classroom.archive',
  'classroom.addTeacher',
  /** Students, aides and staff other than a teacher; removing any member by hand. */
  'classroom.manageMembers',
  'classroom.giveSisId',
  'student.create',
  'student.archive',
  'student.enableAccount',
  'student.merge',
  'student.rotateJoinCode',
  /** Adding a person to a school's staff, or creating a manual staff member there. */
  'school.addStaff',
  'school.archiveManualStudents',
  /** Adding or removing a school's School IDs: what every sync of the district reads. */
  'school.setSchoolIds',
  /** Linking a guardian to a student, or creating a manual guardian of the student. */
  'guardian.link',
  /** Removing a guardian's manual link (or a disabled sync's). */
  'guardian.unlink',
  /** A person attaching themself as a guardian with a student's join code. */
  'guardian.joinWithCode',
  'person.editContacts',
  'sync.setEnabled',
] as const;

export type DirectoryAction = (typeof directoryActions)[number];
