import type { Subject } from './course-catalog.ts';

/** The file formats the generator writes. */
export type GeneratorFormat = 'oneroster-1.1' | 'oneroster-1.2' | 'clever-json' | 'guardians-csv';
export const generatorFormats: readonly GeneratorFormat[] = [
  'oneroster-1.1',
  'oneroster-1.2',
  'clever-json',
  'guardians-csv',
];

export type SchoolLevel = 'elementary' | 'middle' | 'high';
export type StaffRole = 'teacher' | 'aide' | 'administrator';
export type GuardianRole = 'parent' | 'guardian' | 'relative';

/** What a district is generated from: with these, every byte of every file is fixed. */
export interface DistrictSettings {
  seed: number;
  /** Students on day 0. */
  students: number;
  schools: number;
  /** The year the school year starts in (2026 = 2026-08-15 … 2027-06-15). */
  schoolYear: number;
  /** Change rate of each day after day 0: `rates[0]` made day 1 from day 0, and so on. */
  rates: readonly number[];
  /** Leave every guardian out (the `no-guardians` bad day). */
  isWithoutGuardians?: boolean;
}

/** One school and the index ranges of the people it holds on day 0. */
export interface SchoolPlan {
  index: number;
  sourcedId: string;
  name: string;
  /** State school number (orgs.csv `identifier`). */
  identifier: string;
  level: SchoolLevel;
  /** CEDS grades taught, youngest first. */
  grades: readonly string[];
  /** Day-0 students per grade; a school's students are numbered grade after grade. */
  gradeStudentCounts: readonly number[];
  studentStart: number;
  studentCount: number;
  /** Elementary: homerooms per grade (planned up front so teacher counts are known). */
  homeroomCounts: readonly number[];
  teacherStart: number;
  teacherCount: number;
  /**
   * The last `sharedTeacherCount` teachers also teach at `partnerSchool`, so they belong to
   * two schools: secondary teachers teach periods 1–4 here and 5–8 there; elementary ones
   * are specialists co-teaching homerooms in both.
   */
  sharedTeacherCount: number;
  aideStart: number;
  aideCount: number;
  adminStart: number;
  adminCount: number;
  /** The next school, when it is of the same kind (elementary, or secondary): it shares teachers. */
  partnerSchool: number | null;
  /** The school whose shared teachers also teach here. */
  lendingSchool: number | null;
  /** First global index of the students added on each day (`[0]` = day 1). */
  addedStart: readonly number[];
  /** How many students each day tries to add. */
  addedCount: readonly number[];
}

/** Families: who the siblings are and which guardians they share (day-0 students only). */
export interface Households {
  familyCount: number;
  guardianCount: number;
  familyOfStudent: Int32Array;
  /** Children of family f: `children[childStart[f] … childStart[f + 1])`. */
  childStart: Int32Array;
  children: Int32Array;
  /** Guardians of family f: indexes `guardianStart[f] … guardianStart[f + 1]`. */
  guardianStart: Int32Array;
  /** Families whose first guardian is a staff member (family index → staff index). */
  staffGuardianOfFamily: Map<number, number>;
  /** The same, staff index → family index. */
  familyOfStaffGuardian: Map<number, number>;
}

export interface DistrictPlan {
  settings: DistrictSettings;
  districtId: string;
  districtName: string;
  /** Mail domain of staff and students. */
  domain: string;
  /** First 8 hex digits of every Clever id of this district. */
  cleverPrefix: string;
  schools: readonly SchoolPlan[];
  /** Day-0 students; students added later are numbered from here. */
  initialStudentCount: number;
  staffCount: number;
  districtStaffStart: number;
  districtStaffCount: number;
  households: Households;
  /** Students added over all days (each gets its own family). */
  addedStudentCount: number;
}

export interface PersonName {
  givenName: string;
  familyName: string;
  middleName: string;
}

export interface StudentRecord extends PersonName {
  index: number;
  sourcedId: string;
  schoolIndex: number;
  grade: string;
  studentNumber: string;
  email: string;
  username: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** 1.2 `preferredGivenName`; usually empty. */
  preferredGivenName: string;
  guardianIndexes: number[];
  /** Whether the student's row lists its guardians (some links are written on one side only). */
  isListingGuardians: boolean;
}

export interface StaffRecord extends PersonName {
  index: number;
  sourcedId: string;
  role: StaffRole;
  title: string;
  /** Schools the person works at; empty for district-level staff. */
  schoolIndexes: number[];
  email: string;
  mobile: string;
  homePhone: string;
  username: string;
}

export interface GuardianRecord extends PersonName {
  index: number;
  sourcedId: string;
  role: GuardianRole;
  /**
   * OneRoster `username`, which both versions require of every user: the sourcedId in lower
   * case (`g0000042`), stable across days as a parent-portal login is.
   */
  username: string;
  /** guardians.csv `relationship` (parent, guardian, grandparent, relative, other). */
  relationship: string;
  email: string;
  mobile: string;
  homePhone: string;
  /** BCP 47 language, sometimes empty. */
  language: string;
  /** Present children, in family order. */
  studentIndexes: number[];
  /** Schools of those children, first seen first. */
  schoolIndexes: number[];
  /** Whether the guardian's row lists its students. */
  isListingStudents: boolean;
  /** Clever contacts without `sis_id` have no stable id (SPEC §2.1). */
  hasSisId: boolean;
  /** The staff member this guardian also is (same name, email and mobile), if any. */
  staffIndex: number | null;
}

/** A class on one day: homeroom (period 0) or a scheduled section (periods 1–8). */
export interface SectionRecord {
  seq: number;
  sourcedId: string;
  schoolIndex: number;
  grade: string;
  period: number;
  subject: Subject;
  courseId: string;
  title: string;
  classCode: string;
  location: string;
  /** Primary teacher first. */
  teacherIndexes: readonly number[];
  aideIndexes: readonly number[];
  studentIndexes: readonly number[];
  /** Day on which each student joined (0 = the school year's first day). */
  studentJoinDays: readonly number[];
  /** Day the class itself appeared (0 = from the start). */
  createdDay: number;
}

/** One school on the day being written. */
export interface SchoolDay {
  school: SchoolPlan;
  students: StudentRecord[];
  staff: StaffRecord[];
  sections: SectionRecord[];
}

/** What a next day changed compared with the day before (all zero for day 0). */
export interface ChangeCounts {
  studentsAdded: number;
  studentsDropped: number;
  guardiansAdded: number;
  guardiansDropped: number;
  /** User rows whose name changed. */
  renamed: number;
  /** User rows whose email changed. */
  emailChanged: number;
  /** User rows whose mobile (`sms`) changed. */
  phoneChanged: number;
  classesAdded: number;
  classesDropped: number;
  /** Students moved from one existing class to another existing class of the same group. */
  enrollmentsMoved: number;
}

export function emptyChangeCounts(): ChangeCounts {
  return {
    studentsAdded: 0,
    studentsDropped: 0,
    guardiansAdded: 0,
    guardiansDropped: 0,
    renamed: 0,
    emailChanged: 0,
    phoneChanged: 0,
    classesAdded: 0,
    classesDropped: 0,
    enrollmentsMoved: 0,
  };
}

/** Rows and bytes of one written file. */
export interface FileStats {
  rows: number;
  bytes: number;
}

/** What a generation wrote; printed by `rostersync generate --json`. */
export interface GenerateSummary {
  /** The folder, or the ZIP file with `--zip`. */
  out: string;
  format: GeneratorFormat;
  seed: number;
  /** 0 for a fresh district, n for the n-th next day. */
  day: number;
  badDay: BadDayKind | null;
  students: number;
  staff: number;
  guardians: number;
  classes: number;
  enrollments: number;
  files: Record<string, FileStats>;
  changes: ChangeCounts;
}

/** The broken next days `--bad-day` writes. */
export type BadDayKind = 'truncated-users' | 'missing-file' | 'no-guardians' | 'windows-1252';
export const badDayKinds: readonly BadDayKind[] = [
  'truncated-users',
  'missing-file',
  'no-guardians',
  'windows-1252',
];
