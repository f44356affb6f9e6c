import type { FindingCode } from './finding-codes.ts';

/**
 * Codes whose finding means "the source has a value the directory did not take" (SPEC §6: the
 * run report lists the source values it did not apply, and why). `run show` gathers them in
 * one section, so a person asking "why didn't the sync change this?" finds every answer there.
 */
export const valueNotAppliedCodes: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'CONTACT_UPDATE_SKIPPED',
  'CREDENTIAL_IN_USE',
  'GUARDIAN_CREDENTIAL_CONFLICT',
  'GUARDIAN_NO_CREDENTIAL',
  'IDENTITY_NEAR_MATCH',
  'EMAIL_INVALID',
  'PHONE_INVALID',
  'GRADE_INVALID',
  'VALUE_INVALID',
  'GUARDIANS_OVER_LIMIT',
  'STUDENT_NUMBER_MISSING',
  'STUDENT_NUMBER_DUPLICATE',
  'STUDENT_ID_CONFLICT',
  'CLASSROOMS_LEFT_ARCHIVED',
  'SCHOOL_NOT_MAPPED',
]);
