import type { CredentialField } from './contact-fields.ts';
import type { RoleRecord } from './directory-view.ts';
import type { TargetPeople } from './target-people.ts';
import type {
  EntityType,
  ClassEnrollments,
  PersonFields,
  PersonRoleName,
  SourceValue,
} from '../roster/snapshot.ts';

/**
 * The state the sync wants the directory to be in for one config: the snapshot after school
 * mapping and scope, with directory school ids and a content hash per record.
 */
export interface SyncTargets {
  /** The kept people, built on demand from the snapshot. */
  people: TargetPeople;
  classrooms: Map<string, TargetClassroom>;
  /**
   * SIS ids of the source's classes the classroom filters leave out (in mapped schools): a
   * synced classroom among them is archived, whatever the type's completeness.
   */
  filteredClassrooms: ReadonlySet<string>;
  /** Members of each target classroom, by class SIS id. */
  members: Map<string, MemberGroup>;
  /** Guardian links of each kept student that has any, by student SIS id (when guardians are managed). */
  links: Map<string, LinkGroup>;
  /** Whether this config manages guardians; when not, guardians and links are left alone. */
  managesGuardians: boolean;
  /** *Archived students* `keep`: students who leave the source stay active (SPEC §4). */
  keepsLeavingStudents: boolean;
  /**
   * Stored students the source now sends under another SIS id (Student ID `student_number`),
   * by the new SIS id: `rekeyStudents` files them under it in the view before planning.
   */
  studentRekeys: ReadonlyMap<string, RoleRecord>;
  /**
   * Credentials each person does not get this run (SPEC §6: shared among guardians, held by
   * another person of the district), by SIS id. `findTakenCredentials` adds to it after
   * classification; the people's values and hashes read it when built.
   */
  withheldCredentials: Map<string, Set<CredentialField>>;
  /** New people who are an existing person, or one with another new person (`resolveIdentities`). */
  joins: {
    /** SIS id → the existing person's id. */
    person: ReadonlyMap<string, string>;
    /** SIS id → the SIS id of the new person it is one with. */
    newcomer: ReadonlyMap<string, string>;
  };
  /** Source records not synced, per type (out of reach, invalid, unlinked). */
  skipped: Record<EntityType, number>;
}

export interface TargetPerson {
  sisId: string;
  /**
   * The values the directory gets (`contactFields`: the snapshot person itself unless a
   * setting changes one; only the field properties are read).
   */
  fields: PersonFields;
  roles: TargetRole[];
}

export interface TargetRole {
  role: PersonRoleName;
  kind: string;
  sisId: string;
  /** Directory school ids, sorted. */
  schoolIds: string[];
  isDistrictLevel: boolean;
  grade: SourceValue;
  studentNumber: SourceValue;
  stateId: SourceValue;
  hash: string;
}

export interface TargetClassroom {
  sisId: string;
  schoolId: string;
  name: string;
  grades: readonly string[];
  subjects: readonly string[];
  periods: readonly string[];
  classType: string | null;
  classCode: string | null;
  location: string | null;
  courseSisId: string | null;
  termSisIds: readonly string[];
  hash: string;
}

/** A classroom's kept members, with the hash of the whole set. */
export interface MemberGroup {
  members: ClassEnrollments;
  hash: string;
}

/** A student's kept guardian links as parallel arrays, with the hash of the whole set. */
export interface LinkGroup {
  guardianSisIds: string[];
  relationships: (string | null)[];
  contactTypes: (string | null)[];
  hash: string;
}
