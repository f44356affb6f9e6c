import type { DistrictPlan } from './district-model.ts';
import { describeStaff, phoneKeys } from './describe-staff.ts';
import { personalDomains, slugName } from './email-address.ts';
import { pickFamilyName } from './name-pool.ts';
import { formatPhone, phoneDigits } from './phone-number.ts';
import { guardiansInFamily } from './plan-households.ts';
import { randomStreams } from './random-streams.ts';
import { createRandom, hashUnit, mixSeed } from './seeded-random.ts';

/**
 * Which side of a guardian link the OneRoster rows carry: both (most families), only the
 * student's row, or only the guardian's rows. The reader must link from either side.
 */
export type LinkSides = 'both' | 'student' | 'guardian';

/** What the members of one family share. */
export interface FamilyDetails {
  family: number;
  surname: string;
  /** Indexes of the family's guardians. */
  guardianIndexes: number[];
  linkSides: LinkSides;
  /** Shared by all the family's guardians; empty for 40 % of families. */
  homePhone: string;
  language: string;
  /** One address both parents use (a few families); empty otherwise. */
  sharedEmail: string;
  /** The staff member who is the family's first guardian, if any. */
  staffIndex: number | null;
}

const languages: readonly (readonly [string, number])[] = [
  ['en', 0.72],
  ['es', 0.15],
  ['', 0.03],
  ['vi', 0.02],
  ['zh', 0.02],
  ['ar', 0.015],
  ['so', 0.01],
  ['ht', 0.01],
  ['pt', 0.01],
  ['ru', 0.005],
  ['ko', 0.005],
  ['tl', 0.005],
];

/**
 * The shared details of family `family`. Families 0 … familyCount − 1 hold the day-0
 * students; each student added on a next day founds its own family numbered after them, with
 * guardians numbered after the day-0 guardians (three slots per added student).
 */
export function describeFamily(plan: DistrictPlan, family: number): FamilyDetails {
  const { seed } = plan.settings;
  const { households } = plan;
  const random = createRandom(mixSeed(seed, randomStreams.familyDetails, family, 2));
  const staffIndex = households.staffGuardianOfFamily.get(family) ?? null;
  const surname = familySurname(plan, family);
  const { guardianIndexes, linkSides } = describeFamilyLinks(plan, family);
  const homeDraw = random.next();
  let languageDraw = random.next();
  let language = 'en';
  for (const [code, share] of languages) {
    languageDraw -= share;
    if (languageDraw < 0) {
      language = code;
      break;
    }
  }
  const hasSharedEmail = staffIndex === null && guardianIndexes.length >= 2 && random.chance(0.015);
  return {
    family,
    surname,
    guardianIndexes,
    linkSides,
    homePhone:
      homeDraw < 0.6 ? formatPhone(phoneDigits(phoneKeys.familyHome + family), random.below(20)) : '',
    language,
    sharedEmail: hasSharedEmail
      ? `${slugName(surname)}.family${family + 1}@${random.pick(personalDomains)}`
      : '',
    staffIndex,
  };
}

/** The family's surname: its staff member's, or drawn on its own stream. */
export function familySurname(plan: DistrictPlan, family: number): string {
  const staffIndex = plan.households.staffGuardianOfFamily.get(family);
  if (staffIndex !== undefined) return describeStaff(plan, staffIndex, 0).familyName;
  return pickFamilyName(createRandom(mixSeed(plan.settings.seed, randomStreams.familyDetails, family, 4)));
}

/** The guardians of a family and which rows carry the links: all a student's row needs. */
export function describeFamilyLinks(
  plan: DistrictPlan,
  family: number,
): { guardianIndexes: number[]; linkSides: LinkSides } {
  const { seed } = plan.settings;
  const { households } = plan;
  const guardianCount = guardiansInFamily(seed, family);
  const firstGuardian =
    family < households.familyCount
      ? households.guardianStart[family]!
      : households.guardianCount + 3 * (family - households.familyCount);
  const guardianIndexes: number[] = [];
  for (let k = 0; k < guardianCount; k++) guardianIndexes.push(firstGuardian + k);
  const linkDraw = hashUnit(seed, randomStreams.familyDetails, family, 3);
  return { guardianIndexes, linkSides: linkDraw < 0.9 ? 'both' : linkDraw < 0.95 ? 'student' : 'guardian' };
}

/** The family of a student: from the household plan, or its own family if added later. */
export function familyOfStudent(plan: DistrictPlan, studentIndex: number): number {
  const { households, initialStudentCount } = plan;
  return studentIndex < initialStudentCount
    ? households.familyOfStudent[studentIndex]!
    : households.familyCount + (studentIndex - initialStudentCount);
}

/** The students of a family (one for families founded by added students). */
export function childrenOfFamily(plan: DistrictPlan, family: number): number[] {
  const { households, initialStudentCount } = plan;
  if (family >= households.familyCount) return [initialStudentCount + family - households.familyCount];
  const children: number[] = [];
  for (let i = households.childStart[family]!; i < households.childStart[family + 1]!; i++) {
    children.push(households.children[i]!);
  }
  return children;
}
