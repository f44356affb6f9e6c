import type { DistrictPlan, GuardianRole, PersonName } from './district-model.ts';
import { describeStaff, phoneKeys } from './describe-staff.ts';
import { capitalizeEmail, personalDomains, slugName } from './email-address.ts';
import type { FamilyDetails } from './family-details.ts';
import { isChangedOn } from './is-changed-on.ts';
import { pickFamilyName, pickGivenName, pickMiddleName, pickOtherFamilyName } from './name-pool.ts';
import { formatPhone, phoneDigits } from './phone-number.ts';
import { randomStreams } from './random-streams.ts';
import { createRandom, mixSeed, type Random } from './seeded-random.ts';

/** Who a guardian is on a given day (the links are added by the caller). */
export interface GuardianIdentity extends PersonName {
  role: GuardianRole;
  relationship: string;
  email: string;
  mobile: string;
  homePhone: string;
  language: string;
  hasSisId: boolean;
}

/** Shares of guardians without contact details (SPEC §6: such guardians cannot sign in). */
export const missingContactShares = { neither: 0.02, emailOnly: 0.13, mobileOnly: 0.08 } as const;

/**
 * Describes the guardian in slot `slot` of a family as of `day`. The first guardian of a
 * staff family is that staff member: same name, email and mobile, as SPEC §6 requires for
 * the two to be one person. Others: about 15 % have no email, 10 % no mobile and 2 % neither;
 * a few families share one email; 6 % of emails are capitalised; 5 % have no `sis_id` in
 * Clever.
 */
export function describeGuardian(
  plan: DistrictPlan,
  family: FamilyDetails,
  slot: number,
  day: number,
): GuardianIdentity {
  const { settings } = plan;
  const index = family.guardianIndexes[slot]!;
  const random = createRandom(mixSeed(settings.seed, randomStreams.guardian, index));
  const role = pickRole(random, slot);
  const relationship = pickRelationship(random, role);
  const hasSisId = random.next() >= 0.05;
  if (slot === 0 && family.staffIndex !== null) {
    const staff = describeStaff(plan, family.staffIndex, day);
    return {
      givenName: staff.givenName,
      familyName: staff.familyName,
      middleName: staff.middleName,
      role,
      relationship,
      email: staff.email,
      mobile: staff.mobile,
      homePhone: family.homePhone,
      language: family.language,
      hasSisId,
    };
  }
  const keepsSurname = random.next() < [0.9, 0.65, 0.4][Math.min(slot, 2)]!;
  let familyName = keepsSurname ? family.surname : pickFamilyName(random);
  const givenName = pickGivenName(random);
  const middleName = pickMiddleName(random, 0.3);
  const contactDraw = random.next();
  const { neither, emailOnly, mobileOnly } = missingContactShares;
  const hasEmail = contactDraw >= neither + emailOnly;
  const hasMobile =
    contactDraw >= neither &&
    (contactDraw < neither + emailOnly || contactDraw >= neither + emailOnly + mobileOnly);
  const domain = random.pick(personalDomains);
  let email = '';
  if (hasEmail) {
    email =
      family.sharedEmail !== '' && slot < 2
        ? family.sharedEmail
        : `${slugName(givenName)}${slugName(familyName)}${index + 1}@${domain}`;
    if (random.chance(0.06)) email = capitalizeEmail(email);
  }
  const style = random.below(20);
  let mobile = hasMobile ? formatPhone(phoneDigits(phoneKeys.guardianMobile + index), style) : '';
  for (let d = 1; d <= day; d++) {
    if (isChangedOn(settings, randomStreams.guardianRename, d, index)) {
      const rename = createRandom(mixSeed(settings.seed, randomStreams.guardianRename, d, index));
      familyName = pickOtherFamilyName(rename, familyName);
    }
    if (email !== '' && isChangedOn(settings, randomStreams.guardianEmail, d, index)) {
      email = `${slugName(givenName)}.${slugName(familyName)}${index + 1}.${d}@${domain}`;
    }
    if (mobile !== '' && isChangedOn(settings, randomStreams.guardianPhone, d, index)) {
      mobile = formatPhone(
        phoneDigits(phoneKeys.changedMobile + (d - 1) * phoneKeys.changedMobileBlock + index),
        style,
      );
    }
  }
  return {
    givenName,
    familyName,
    middleName,
    role,
    relationship,
    email,
    mobile,
    homePhone: family.homePhone,
    language: family.language,
    hasSisId,
  };
}

/** First and second guardians are mostly parents; a third is mostly a grandparent or relative. */
function pickRole(random: Random, slot: number): GuardianRole {
  const draw = random.next();
  if (slot === 0) return draw < 0.92 ? 'parent' : draw < 0.98 ? 'guardian' : 'relative';
  if (slot === 1) return draw < 0.85 ? 'parent' : draw < 0.93 ? 'guardian' : 'relative';
  return draw < 0.2 ? 'parent' : draw < 0.4 ? 'guardian' : 'relative';
}

function pickRelationship(random: Random, role: GuardianRole): string {
  if (role !== 'relative') return role;
  const draw = random.next();
  return draw < 0.6 ? 'grandparent' : draw < 0.9 ? 'relative' : 'other';
}
