import { normalizeGrade, type cedsGrades } from '../../roster/normalize-grade.ts';
import type { NormalizedValue } from '../../roster/normalize-email.ts';

/**
 * Clever's grade words (users' `roles.student.grade`, sections' `grade`) that are not CEDS
 * codes or the spellings `normalizeGrade` knows. "1".."13", "Kindergarten" and "Other" it reads
 * itself.
 */
const cleverWords = new Map<string, (typeof cedsGrades)[number]>([
  ['infanttoddler', 'IT'],
  ['preschool', 'PR'],
  ['prekindergarten', 'PK'],
  ['transitionalkindergarten', 'TK'],
  ['postgraduate', 'PS'],
  ['ungraded', 'UG'],
]);

/** A Clever grade as a CEDS grade code; `""` is no grade; anything else is invalid. */
export function normalizeCleverGrade(raw: string | null | undefined): NormalizedValue {
  const known = raw == null ? undefined : cleverWords.get(raw.trim().toLowerCase());
  return known ? { value: known } : normalizeGrade(raw);
}
