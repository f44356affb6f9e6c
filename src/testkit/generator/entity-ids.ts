import type { StaffRole } from './district-model.ts';

/**
 * Source ids, opaque strings as SIS exports send them. Many start with zeros ("0000123",
 * "0042") so that a reader that parses them as numbers breaks visibly, and each entity type
 * has its own shape (width, prefix or dashes) so that no two types can share an id.
 */
export function studentSourcedId(index: number): string {
  return String(index + 1).padStart(7, '0');
}

const staffPrefixes: Record<StaffRole, string> = { teacher: 'T', aide: 'A', administrator: 'M' };

export function staffSourcedId(index: number, role: StaffRole): string {
  return `${staffPrefixes[role]}${String(index + 1).padStart(6, '0')}`;
}

export function guardianSourcedId(index: number): string {
  return `G${String(index + 1).padStart(7, '0')}`;
}

export function schoolSourcedId(index: number): string {
  return String(index + 1).padStart(4, '0');
}

export function districtSourcedId(seed: number): string {
  return `D${String(seed).padStart(4, '0')}`;
}

export function classSourcedId(schoolId: string, seq: number): string {
  return `${schoolId}-${String(seq).padStart(5, '0')}`;
}

export function courseSourcedId(schoolId: string, subjectCode: string, grade: string): string {
  return `C${schoolId}-${subjectCode}-${grade}`;
}

/** Stable across days, so an unchanged enrollment keeps its id in the next day's file. */
export function enrollmentSourcedId(classId: string, userId: string): string {
  return `${classId}-${userId}`;
}

export function schoolYearSourcedId(schoolYear: number): string {
  return `AY${schoolYear}`;
}

export function semesterSourcedId(schoolYear: number, semester: 1 | 2): string {
  return `AY${schoolYear}-S${semester}`;
}

/** Kinds of Clever objects, one hex byte each inside the id. */
export const cleverKinds = {
  district: 1,
  school: 2,
  student: 3,
  staff: 4,
  guardian: 5,
  section: 6,
  term: 7,
  course: 8,
} as const;

/**
 * A Clever-style id: 24 hex digits like a MongoDB ObjectId — 8 from the seed, 2 for the kind,
 * 14 for the number — so ids are unique per district and never collide across kinds.
 */
export function cleverId(seedHex: string, kind: keyof typeof cleverKinds, index: number): string {
  return `${seedHex}${cleverKinds[kind].toString(16).padStart(2, '0')}${index.toString(16).padStart(14, '0')}`;
}
