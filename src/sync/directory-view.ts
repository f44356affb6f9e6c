import type { PersonRoleName } from '../roster/snapshot.ts';

/**
 * What the planner sees of the directory for one sync config: the records this config owns
 * (archived ones too, so they can be revived), and how School IDs tie source schools to
 * directory schools. Records owned by hand or by other configs are not here, so the planner
 * cannot touch them.
 */
export interface DirectoryView {
  districtId: string;
  configId: string;
  /** Directory school ids per School ID (source org id). */
  schoolsBySourceId: Map<string, string[]>;
  /** Synced roles keyed by `roleKey(role, sisId)`: ids, hashes and states only. */
  roles: Map<string, RoleRecord>;
  /**
   * Field values of the roles (and their people) the planner compares in full: those whose
   * stored hash differs from the target, loaded in a second step (see `rolesToLoad`). An
   * unchanged role costs its index entry and one hash comparison, never a field load.
   */
  roleDetails: Map<string, RoleDetails>;
  /**
   * Values of existing people a newcomer of this run joins (`resolveIdentities`), by person id:
   * they have no role of this config to be loaded by, so they are loaded on their own.
   */
  personDetails?: Map<string, PersonRecord>;
  /** Synced classrooms keyed by SIS id. */
  classrooms: Map<string, ClassroomRecord>;
  /** How many active records of each type this config owns (the guard's denominators). */
  ownedCounts: OwnedCounts;
}

export interface OwnedCounts {
  students: number;
  staff: number;
  guardians: number;
  classrooms: number;
  memberships: number;
  guardianLinks: number;
}

export interface RoleRecord {
  roleId: string;
  personId: string;
  role: PersonRoleName;
  sisId: string;
  sourceHash: string | null;
  linksHash: string | null;
  isArchived: boolean;
  isPersonArchived: boolean;
  /**
   * A student's stored number, loaded only when the config identifies students by it
   * (Student ID `student_number`).
   */
  studentNumber?: string | null;
  /**
   * Set when the run re-keys the role (its student number now comes with another SIS id):
   * the SIS id stored, which the plan updates to `sisId`.
   */
  previousSisId?: string;
}

export interface RoleDetails {
  kind: string | null;
  studentNumber: string | null;
  stateId: string | null;
  grade: string | null;
  schoolIds: string[];
  isDistrictLevel: boolean;
  person: PersonRecord;
}

export interface PersonRecord {
  /** Loaded with a role's details; an absent state reads as an invitee's. */
  accountState?: 'invitee' | 'active';
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  email: string | null;
  mobile: string | null;
  homePhone: string | null;
  language: string | null;
}

export interface ClassroomRecord {
  id: string;
  sisId: string;
  schoolId: string;
  name: string;
  grades: string[];
  subjects: string[];
  periods: string[];
  classType: string | null;
  classCode: string | null;
  location: string | null;
  courseSisId: string | null;
  termSisIds: string[];
  sourceHash: string | null;
  membersHash: string | null;
  isArchived: boolean;
  /**
   * Archived, and not by a run: the classroom's last audit row is not a run's archive (a
   * person archived it, with an audit row or straight in the database). Such a classroom stays
   * archived while the source sends it, unless `unarchiveClassrooms` is on; one a run archived
   * (it left the source, was filtered out, or a rollback undid its creation) is revived when it
   * comes back.
   */
  isArchivedByHand: boolean;
}

/** A membership of a synced classroom as it is now; `configId` null means added by hand. */
export interface MembershipRecord {
  classroomId: string;
  personId: string;
  role: 'student' | 'teacher' | 'aide';
  isPrimary: boolean;
  configId: string | null;
}

/** A guardian link of a synced student as it is now; `configId` null means made by hand. */
export interface GuardianLinkRecord {
  guardianId: string;
  studentId: string;
  relationship: string | null;
  contactType: string | null;
  configId: string | null;
}

export function roleKey(role: PersonRoleName, sisId: string): string {
  return `${role}:${sisId}`;
}
