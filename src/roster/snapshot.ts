/**
 * The source-neutral snapshot: what one read of a source says the district looks like.
 * Every source adapter produces one; everything after it (plan, guard, apply) is shared and
 * knows nothing of CSV, HTTP or Clever.
 */

/** The entity types a run counts, guards and reports on. */
export const entityTypes = [
  'students',
  'staff',
  'guardians',
  'classrooms',
  'memberships',
  'guardianLinks',
] as const;
export type EntityType = (typeof entityTypes)[number];

/**
 * What absence from the snapshot means for one entity type: the one place a removal can be
 * inferred from.
 * - `complete`: a full read that finished, so absence means "left the source" and the record
 *   is removed (through the guard).
 * - `partial`: a failed page, an absent file or unreadable rows: absence may be the read's
 *   fault, so removals inferred from it are planned but held for a person (`held_incomplete`).
 * - `delta`: the source sends only what changed (a OneRoster delta file), so absence means
 *   "unchanged" and no removal is ever inferred from it. Records go only when the source marks
 *   them deleted (`Snapshot.deleted`).
 * A delta type stays `delta` when a row of it is also unreadable: it infers nothing anyway.
 */
export type Completeness = 'complete' | 'partial' | 'delta';

export interface SnapshotOrg {
  sisId: string;
  name: string;
  /** Normalised org type; `school` orgs are what School IDs tie to. */
  type: 'district' | 'school' | 'other';
  parentSisId: string | null;
}

/** The roles the directory knows. */
export type PersonRoleName = 'student' | 'staff' | 'guardian';

/** The entity type a role of each kind is counted, guarded and audited under. */
export const entityOfRole = {
  student: 'students',
  staff: 'staff',
  guardian: 'guardians',
} as const satisfies Record<PersonRoleName, EntityType>;

export interface SnapshotRole {
  role: PersonRoleName;
  /** The source's own word for the role: teacher, aide, administrator, parent, relative… */
  kind: string;
  /** Org ids this role belongs to, as the source gives them. */
  orgSisIds: readonly string[];
}

/**
 * A field value from the source: `null` means the source has it empty (the directory clears
 * it); `undefined` means the source gives no usable value (no such column, or an invalid
 * value already reported), and the directory keeps what it has.
 */
export type SourceValue = string | null | undefined;

/** The contact and name fields a person carries. */
export interface PersonFields {
  givenName: SourceValue;
  middleName: SourceValue;
  familyName: SourceValue;
  email: SourceValue;
  mobile: SourceValue;
  homePhone: SourceValue;
  language: SourceValue;
}
export type PersonField = keyof PersonFields;
export const personFields: readonly PersonField[] = [
  'givenName',
  'middleName',
  'familyName',
  'email',
  'mobile',
  'homePhone',
  'language',
];

export interface SnapshotPerson extends PersonFields {
  sisId: string;
  /** One role in OneRoster 1.1; several for a 1.2 user or a Clever multi-role user. */
  roles: readonly SnapshotRole[];
  studentNumber: SourceValue;
  stateId: SourceValue;
  /** CEDS grade code of a student. */
  grade: SourceValue;
  /**
   * The other side of guardian links, as the source lists them on this person. Emptied once
   * the source has turned them into `guardianLinks`.
   */
  agentSisIds: readonly string[];
}

export interface SnapshotClass {
  sisId: string;
  title: string;
  schoolSisId: string;
  grades: readonly string[];
  subjects: readonly string[];
  periods: readonly string[];
  classType: 'homeroom' | 'scheduled' | null;
  classCode: string | null;
  location: string | null;
  courseSisId: string | null;
  termSisIds: readonly string[];
}

export type MembershipRole = 'student' | 'teacher' | 'aide';

export interface SnapshotEnrollment {
  userSisId: string;
  role: MembershipRole;
  isPrimary: boolean;
}

/**
 * The members of one class as parallel arrays, index by index: a million-student district has
 * millions of enrollments, and three array slots cost a quarter of an object each.
 */
export interface ClassEnrollments {
  userSisIds: string[];
  roles: MembershipRole[];
  isPrimary: boolean[];
}

/** Adds an enrollment to a class's members. */
export function addEnrollment(members: ClassEnrollments, enrollment: SnapshotEnrollment): void {
  members.userSisIds.push(enrollment.userSisId);
  members.roles.push(enrollment.role);
  members.isPrimary.push(enrollment.isPrimary);
}

export function emptyClassEnrollments(): ClassEnrollments {
  return { userSisIds: [], roles: [], isPrimary: [] };
}

export interface SnapshotGuardianLink {
  guardianSisId: string;
  studentSisId: string;
  relationship: string | null;
  contactType: string | null;
}

/**
 * Records the source has but this read could not use (or whose links depend on one that it
 * could not use), and guardians the sync may not use until the source fixes them (no
 * credential of their own, SPEC §6; added by `buildSyncTargets`): kept as they are, never
 * removed this run.
 */
export interface UnreadableRecords {
  people: Set<string>;
  classes: Set<string>;
  /** `enrollmentKey(classSisId, userSisId)` of enrollment rows that could not be used. */
  enrollments: Set<string>;
}

/**
 * Records the source explicitly marks deleted (OneRoster `status` `tobedeleted`, or the 1.0
 * word `inactive`), in bulk and delta files alike. They are the only removals a `delta` type
 * makes; in a complete type they are absent from the roster anyway, and recording them makes
 * the report say why. Each becomes an ordinary removal of a record this config synced, so it
 * goes through the deletion threshold; one the directory does not have is nothing to do.
 *
 * A record is never both here and in the roster: when one read sends the same record as active
 * and as deleted, the reader keeps it (the safe side) and reports `DELETION_CONFLICT`, whatever
 * the order of the rows. A record in `unreadable` is kept likewise.
 */
export interface DeletedRecords {
  /** SIS ids of users marked deleted: every role this config holds for them is archived. */
  people: Set<string>;
  /** SIS ids of classes marked deleted: their synced classrooms are archived. */
  classes: Set<string>;
  /** `enrollmentKey(classSisId, userSisId)` of enrollments marked deleted: the membership is removed. */
  enrollments: Set<string>;
}

export interface SnapshotCourse {
  sisId: string;
  title: string;
}

export interface SnapshotAcademicSession {
  sisId: string;
  title: string;
  /** schoolYear, semester, term, gradingPeriod… */
  type: string;
}

export interface Snapshot {
  /** Which source produced it, for reports. */
  source: { kind: string; version: string | null };
  completeness: Record<EntityType, Completeness>;
  /** Why a type is partial or a delta, for the run report. */
  partialReasons: Partial<Record<EntityType, string>>;
  orgs: Map<string, SnapshotOrg>;
  people: Map<string, SnapshotPerson>;
  classes: Map<string, SnapshotClass>;
  /** Enrollments grouped by class sourcedId. */
  enrollments: Map<string, ClassEnrollments>;
  guardianLinks: SnapshotGuardianLink[];
  courses: Map<string, SnapshotCourse>;
  academicSessions: Map<string, SnapshotAcademicSession>;
  unreadable: UnreadableRecords;
  deleted: DeletedRecords;
}

export function enrollmentKey(classSisId: string, userSisId: string): string {
  return `${classSisId}\u0000${userSisId}`;
}

/** The class and user SIS ids of an `enrollmentKey`. */
export function splitEnrollmentKey(key: string): { classSisId: string; userSisId: string } {
  const at = key.indexOf('\u0000');
  return { classSisId: key.slice(0, at), userSisId: key.slice(at + 1) };
}

/** A snapshot with nothing in it yet, every type complete until a reader says otherwise. */
export function emptySnapshot(source: Snapshot['source']): Snapshot {
  return {
    source,
    completeness: {
      students: 'complete',
      staff: 'complete',
      guardians: 'complete',
      classrooms: 'complete',
      memberships: 'complete',
      guardianLinks: 'complete',
    },
    partialReasons: {},
    orgs: new Map(),
    people: new Map(),
    classes: new Map(),
    enrollments: new Map(),
    guardianLinks: [],
    courses: new Map(),
    academicSessions: new Map(),
    unreadable: { people: new Set(), classes: new Set(), enrollments: new Set() },
    deleted: { people: new Set(), classes: new Set(), enrollments: new Set() },
  };
}

/**
 * Marks a type partial (removals inferred from absence will be held), keeping the first
 * reason. A delta type stays a delta: it infers no removal at all, which is the safer of the two.
 */
export function markPartial(snapshot: Snapshot, entity: EntityType, reason: string): void {
  if (snapshot.completeness[entity] !== 'delta') snapshot.completeness[entity] = 'partial';
  snapshot.partialReasons[entity] ??= reason;
}

/** Marks a type a delta: absence removes nothing, only records marked deleted go. */
export function markDelta(snapshot: Snapshot, entity: EntityType, reason: string): void {
  if (snapshot.completeness[entity] !== 'delta') snapshot.partialReasons[entity] = reason;
  snapshot.completeness[entity] = 'delta';
}
