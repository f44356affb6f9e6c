import { pickSubject, type Subject } from './course-catalog.ts';
import type { DistrictPlan, PersonName } from './district-model.ts';
import { capitalizeEmail, slugName } from './email-address.ts';
import { isChangedOn } from './is-changed-on.ts';
import { pickFamilyName, pickGivenName, pickMiddleName, pickOtherFamilyName } from './name-pool.ts';
import { formatPhone, phoneDigits } from './phone-number.ts';
import { randomStreams } from './random-streams.ts';
import { createRandom, mixSeed } from './seeded-random.ts';

/** Phone-number key ranges, so that no two kinds of number collide. */
export const phoneKeys = {
  guardianMobile: 0,
  staffMobile: 10_000_000,
  staffHome: 12_000_000,
  familyHome: 20_000_000,
  /** Numbers given on a next day: one block of 4 million per day. */
  changedMobile: 50_000_000,
  changedMobileBlock: 4_000_000,
  /** Staff numbers inside a day's block come after the guardians'. */
  changedStaffOffset: 3_500_000,
} as const;

/** Who a staff member is on a given day: name, email and phones (role-independent). */
export interface StaffIdentity extends PersonName {
  email: string;
  username: string;
  mobile: string;
  homePhone: string;
}

/**
 * Describes staff member `index` as of `day`, from the seed alone. About 70 % have a mobile
 * (all who are also guardians), 30 % a home phone, 5 % a capitalised email. Next days rename,
 * re-address and re-number some of them (`isChangedOn`).
 */
export function describeStaff(plan: DistrictPlan, index: number, day: number): StaffIdentity {
  const { settings, domain } = plan;
  const random = createRandom(mixSeed(settings.seed, randomStreams.staff, index));
  const givenName = pickGivenName(random);
  let familyName = pickFamilyName(random);
  const middleName = pickMiddleName(random, 0.4);
  const username = `${slugName(givenName)}.${slugName(familyName)}${index + 1}`;
  let email = `${username}@${domain}`;
  if (random.chance(0.05)) email = capitalizeEmail(email);
  // Staff who are guardians too have a mobile: it is part of what makes them one person.
  const hasMobile = random.chance(0.7) || plan.households.familyOfStaffGuardian.has(index);
  const style = random.below(20);
  let mobile = hasMobile ? formatPhone(phoneDigits(phoneKeys.staffMobile + index), style) : '';
  const homePhone = random.chance(0.3)
    ? formatPhone(phoneDigits(phoneKeys.staffHome + index), style + 3)
    : '';
  for (let d = 1; d <= day; d++) {
    if (isChangedOn(settings, randomStreams.staffRename, d, index)) {
      const rename = createRandom(mixSeed(settings.seed, randomStreams.staffRename, d, index));
      familyName = pickOtherFamilyName(rename, familyName);
    }
    if (isChangedOn(settings, randomStreams.staffEmail, d, index)) {
      email = `${slugName(givenName)}.${slugName(familyName)}${index + 1}.${d}@${domain}`;
    }
    if (mobile !== '' && isChangedOn(settings, randomStreams.staffPhone, d, index)) {
      const key =
        phoneKeys.changedMobile +
        (d - 1) * phoneKeys.changedMobileBlock +
        phoneKeys.changedStaffOffset +
        index;
      mobile = formatPhone(phoneDigits(key), style);
    }
  }
  return { givenName, familyName, middleName, email, username, mobile, homePhone };
}

/** The subject a teacher teaches (its own stream, so it never shifts the identity draws). */
export function teacherSubject(seed: number, index: number): Subject {
  return pickSubject(createRandom(mixSeed(seed, randomStreams.staff, index, 2)));
}
