/**
 * What the permission rule needs to know of the target and of the asking person, loaded by
 * `loadPermissionFacts` so that `decidePermission` stays pure.
 */
export interface PermissionFacts {
  /** The district the target belongs to. */
  districtId: string;
  /**
   * The schools the target is in: a classroom's school; a person's roles' schools; the school
   * itself. Empty for district-wide targets (a district-level config, district-level staff).
   */
  schoolIds: readonly string[];
  /** Set when the target is a classroom. */
  classroom?: {
    /** It carries the config of an enabled sync (a disabled sync lifts its restrictions, §7). */
    isSynced: boolean;
  };
  /** Set when the target is a person (contact details, a student). */
  personId?: string;
  /** The asking person (`kind: 'person'` only). */
  asker?: {
    /** Holds an active staff role: a teacher's rights need one. */
    isStaff: boolean;
    /** Is a teacher member of the target classroom (and it is not archived). */
    teachesClassroom: boolean;
  };
}
