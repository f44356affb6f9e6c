import type { DistrictPlan, PersonName } from './district-model.ts';
import { studentSourcedId } from './entity-ids.ts';
import { isChangedOn } from './is-changed-on.ts';
import { pickFamilyName, pickGivenName, pickMiddleName, pickOtherFamilyName } from './name-pool.ts';
import { randomStreams } from './random-streams.ts';
import { createRandom, mixSeed } from './seeded-random.ts';

/** Who a student is on a given day (school, grade and links are added by the caller). */
export interface StudentIdentity extends PersonName {
  sourcedId: string;
  studentNumber: string;
  email: string;
  username: string;
  birthDate: string;
  preferredGivenName: string;
}

/**
 * Describes student `index` in `grade` as of `day`. Most carry their family's surname, some
 * a hyphenated or different one (blended families). The student number differs from the
 * sourcedId, so the Student ID setting (SPEC §4) has something to choose between. Students
 * from grade 3 on have a district email.
 */
export function describeStudent(
  plan: DistrictPlan,
  index: number,
  grade: string,
  familySurname: string,
  day: number,
): StudentIdentity {
  const { settings, domain } = plan;
  const random = createRandom(mixSeed(settings.seed, randomStreams.student, index));
  const sourcedId = studentSourcedId(index);
  const surnameDraw = random.next();
  let familyName =
    surnameDraw < 0.88
      ? familySurname
      : surnameDraw < 0.92
        ? `${familySurname}-${pickFamilyName(random)}`
        : pickFamilyName(random);
  const givenName = pickGivenName(random);
  const middleName = pickMiddleName(random, 0.6);
  const preferredGivenName = random.chance(0.03) ? pickGivenName(random) : '';
  for (let d = 1; d <= day; d++) {
    if (isChangedOn(settings, randomStreams.studentRename, d, index)) {
      const rename = createRandom(mixSeed(settings.seed, randomStreams.studentRename, d, index));
      familyName = pickOtherFamilyName(rename, familyName);
    }
  }
  const gradeNumber = grade === 'PK' ? -1 : grade === 'KG' ? 0 : Number(grade);
  // Born between 1 September and 31 August, (grade + 6) years before the school year starts.
  const [yearOffset, monthDay] = birthDays[random.below(birthDays.length)]!;
  return {
    sourcedId,
    givenName,
    familyName,
    middleName,
    // A bijection on 0 … 899,999,999 (7,919 is prime and does not divide 900,000,000).
    studentNumber: String(100_000_000 + ((index * 7919) % 900_000_000)),
    email: gradeNumber >= 3 ? `s${sourcedId}@students.${domain}` : '',
    username: `s${sourcedId}`,
    birthDate: `${settings.schoolYear - gradeNumber - 6 + yearOffset}-${monthDay}`,
    preferredGivenName,
  };
}

/** The 365 days from 1 September to 31 August as (year offset, "MM-DD"), leap days left out. */
const birthDays: readonly (readonly [number, string])[] = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8].flatMap(
  (month) => {
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
    return Array.from(
      { length: days },
      (_, d) =>
        [month < 9 ? 1 : 0, `${String(month).padStart(2, '0')}-${String(d + 1).padStart(2, '0')}`] as const,
    );
  },
);
