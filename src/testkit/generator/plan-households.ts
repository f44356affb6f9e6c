import type { Households } from './district-model.ts';
import { randomStreams } from './random-streams.ts';
import { createRandom, hashUnit, mixSeed } from './seeded-random.ts';

/** Share of staff who are also the guardian of a student (same name, email and mobile). */
export const staffGuardianShare = 0.03;

/**
 * Groups the day-0 students into families. Siblings are drawn from a shuffle of the whole
 * district, so brothers and sisters often attend different schools (an elementary and a high
 * school) and their guardians belong to several schools. About 80 % of families have one
 * child, 16 % two and 4 % three; each has one to three guardians (`guardiansInFamily`).
 *
 * Memory is a few typed arrays of one int per student and family: a million students take
 * about 12 MB, which is what lets everything else be generated school by school.
 */
export function planHouseholds(seed: number, studentCount: number, staffCount: number): Households {
  const random = createRandom(mixSeed(seed, randomStreams.households));
  const order = new Int32Array(studentCount);
  for (let i = 0; i < studentCount; i++) order[i] = i;
  for (let i = studentCount - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const kept = order[i]!;
    order[i] = order[j]!;
    order[j] = kept;
  }

  const familyOfStudent = new Int32Array(studentCount);
  const starts = new Int32Array(studentCount + 1);
  let familyCount = 0;
  let position = 0;
  while (position < studentCount) {
    const draw = random.next();
    const size = Math.min(draw < 0.8 ? 1 : draw < 0.96 ? 2 : 3, studentCount - position);
    starts[familyCount] = position;
    for (let j = position; j < position + size; j++) familyOfStudent[order[j]!] = familyCount;
    position += size;
    familyCount++;
  }
  starts[familyCount] = studentCount;
  const childStart = starts.slice(0, familyCount + 1);

  const guardianStart = new Int32Array(familyCount + 1);
  for (let family = 0; family < familyCount; family++) {
    guardianStart[family + 1] = guardianStart[family]! + guardiansInFamily(seed, family);
  }

  const staffGuardianOfFamily = placeStaffGuardians(seed, staffCount, familyCount);
  return {
    familyCount,
    guardianCount: guardianStart[familyCount]!,
    familyOfStudent,
    childStart,
    children: order,
    guardianStart,
    staffGuardianOfFamily,
    familyOfStaffGuardian: new Map([...staffGuardianOfFamily].map(([family, staff]) => [staff, family])),
  };
}

/** One guardian for 10 % of families, two for 55 %, three for 35 %. */
export function guardiansInFamily(seed: number, family: number): number {
  const draw = hashUnit(seed, randomStreams.familyDetails, family, 1);
  return draw < 0.1 ? 1 : draw < 0.65 ? 2 : 3;
}

/**
 * Makes exactly 3 % of staff (rounded) the first guardian of some family: a fixed share, not
 * a coin per person, so that even a small district has its few. Staff are drawn without
 * replacement; each lands on a random family that has no staff member yet.
 */
function placeStaffGuardians(seed: number, staffCount: number, familyCount: number): Map<number, number> {
  const random = createRandom(mixSeed(seed, randomStreams.staffGuardian));
  const count = Math.min(familyCount, Math.round(staffCount * staffGuardianShare));
  const staff = new Int32Array(staffCount);
  for (let i = 0; i < staffCount; i++) staff[i] = i;
  const staffGuardianOfFamily = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const j = i + random.below(staffCount - i);
    const chosen = staff[j]!;
    staff[j] = staff[i]!;
    let family = random.below(familyCount);
    while (staffGuardianOfFamily.has(family)) family = (family + 1) % familyCount;
    staffGuardianOfFamily.set(family, chosen);
  }
  return staffGuardianOfFamily;
}
