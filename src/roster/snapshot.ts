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
 * `complete`: a full read that finished, so absence means "left the source".
 * `partial`: a delta, a failed page, an absent file or unreadable rows, so absence means
 * nothing and the planner never infers a removal from it.
 */
export type Completeness = 'complete' | 'partial';

export interface SnapshotOrg {
  sisId: string;
  name: string;
  /** Normalised org type; `school` orgs are what School IDs tie to. */
  type: 'district' | 'school' | 'other';
  parentSisId: string | null;
}

/** The roles the directory knows. */
export type PersonRoleName = 'student' | 'staff' | 'guardian';

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
 * could not use): kept as they are, never removed this run.
 */
export interface UnreadableRecords {
  people: Set<string>;
  classes: Set<string>;
  /** `enrollmentKey(classSisId, userSisId)` of enrollment rows that could not be used. */
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
  /** Why a type is partial, for the run report. */
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
}

export function enrollmentKey(classSisId: string, userSisId: string): string {
  return `${classSisId}\u0000${userSisId}`;
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
  };
}

/** Marks a type partial (removals of it will not be inferred), keeping the first reason. */
export function markPartial(snapshot: Snapshot, entity: EntityType, reason: string): void {
  snapshot.completeness[entity] = 'partial';
  snapshot.partialReasons[entity] ??= reason;
}
