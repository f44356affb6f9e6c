/**
 * The independent random streams of the generator, one number each. Every draw is keyed by
 * (seed, stream, …) so that adding a new kind of draw never shifts an existing one: the numbers
 * are fixed forever (changing one changes every generated district).
 */
export const randomStreams = {
  plan: 1,
  households: 2,
  familyDetails: 3,
  student: 4,
  staff: 5,
  guardian: 6,
  school: 7,
  staffGuardian: 8,
  day: 9,
  studentDrop: 10,
  studentRename: 11,
  staffRename: 12,
  staffEmail: 13,
  staffPhone: 14,
  guardianRename: 15,
  guardianEmail: 16,
  guardianPhone: 17,
  studentAdds: 18,
  classDrop: 19,
  classAdd: 20,
  enrollmentMove: 21,
  addedStudent: 22,
} as const;
