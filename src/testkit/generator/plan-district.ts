import type { DistrictPlan, DistrictSettings, SchoolLevel, SchoolPlan } from './district-model.ts';
import { districtSourcedId, schoolSourcedId } from './entity-ids.ts';
import { planHouseholds } from './plan-households.ts';
import { randomStreams } from './random-streams.ts';
import { chooseSectionCount } from './section-sizes.ts';
import { createRandom, hashUnit, mixSeed } from './seeded-random.ts';

const levelGrades: Record<SchoolLevel, readonly string[]> = {
  elementary: ['KG', '01', '02', '03', '04', '05'],
  middle: ['06', '07', '08'],
  high: ['09', '10', '11', '12'],
};
const levelWords: Record<SchoolLevel, string> = {
  elementary: 'Elementary School',
  middle: 'Middle School',
  high: 'High School',
};
const towns = 'Springfield|Riverside|Fairview|Franklin|Greenville|Madison|Salem|Ashland'.split('|');
const schoolNames = [
  'Lincoln|Washington|Jefferson|Roosevelt|Kennedy|Oak Grove|Cedar Ridge|Maple Hill|Riverside|Hillcrest|Lakeview|Sunnyside',
  "Westwood|Pine Valley|Willow Creek|Meadowbrook|César Chávez|Sojourner Truth|Martin Luther King Jr.|Sally Ride|Ellen Ochoa|Georgia O'Keeffe|Thurgood Marshall|Amelia Earhart",
]
  .join('|')
  .split('|');

/** Share of elementary schools that also have a pre-kindergarten (about half a grade). */
const preKindergartenShare = 0.3;
/** Share of a secondary school's teachers who also teach at its partner school. */
const sharedTeacherShare = 0.08;

/**
 * Lays out the district: schools by level, students per school and grade, staff per school,
 * the families, and how many students each next day adds. Everything later is drawn per
 * entity from the seed, so this plan is all that is kept in memory besides one school.
 */
export function planDistrict(settings: DistrictSettings): DistrictPlan {
  const { seed, students, schools: schoolTotal } = settings;
  const random = createRandom(mixSeed(seed, randomStreams.plan));
  const high = Math.max(1, Math.round(schoolTotal * 0.14));
  const middle = Math.max(1, Math.round(schoolTotal * 0.2));
  const levels: SchoolLevel[] = [
    ...new Array<SchoolLevel>(schoolTotal - high - middle).fill('elementary'),
    ...new Array<SchoolLevel>(middle).fill('middle'),
    ...new Array<SchoolLevel>(high).fill('high'),
  ];
  // Students follow the number of grades each level teaches (6 : 3 : 4).
  const levelStudents = apportion(students, [6, 3, 4]);
  const schoolStudents: number[] = [];
  (['elementary', 'middle', 'high'] as const).forEach((level, levelIndex) => {
    const count = levels.filter((l) => l === level).length;
    const sizes = apportion(
      levelStudents[levelIndex]!,
      Array.from({ length: count }, () => 0.75 + random.next() / 2),
    );
    schoolStudents.push(...sizes);
  });

  const districtId = districtSourcedId(seed);
  const town = towns[mixSeed(seed, randomStreams.plan, 1) % towns.length]!;
  const schools: SchoolPlan[] = [];
  let studentStart = 0;
  let staffStart = 0;
  const levelCounters: Record<SchoolLevel, number> = { elementary: 0, middle: 0, high: 0 };
  const addedStarts = levels.map((): number[] => []);
  const addedCounts = levels.map((): number[] => []);
  for (let index = 0; index < schoolTotal; index++) {
    const level = levels[index]!;
    const grades =
      level === 'elementary' && random.chance(preKindergartenShare)
        ? ['PK', ...levelGrades.elementary]
        : levelGrades[level];
    const studentCount = schoolStudents[index]!;
    const gradeStudentCounts = apportion(
      studentCount,
      grades.map((grade) => (grade === 'PK' ? 0.5 : 0.9 + random.next() / 5)),
    );
    const homeroomCounts =
      level === 'elementary' ? gradeStudentCounts.map((n) => chooseSectionCount(n, random)) : [];
    const ordinal = levelCounters[level]++;
    const partner = index + 1 < schoolTotal && isSameKind(levels[index + 1]!, level) ? index + 1 : null;
    const staff = planStaff(level, studentCount, grades.length, homeroomCounts, partner !== null);
    const school: SchoolPlan = {
      index,
      sourcedId: schoolSourcedId(index),
      name: schoolName(ordinal, level),
      identifier: `36${String(seed % 100_000).padStart(5, '0')}${String(index + 1).padStart(5, '0')}`,
      level,
      grades,
      gradeStudentCounts,
      studentStart,
      studentCount,
      homeroomCounts,
      teacherStart: staffStart,
      teacherCount: staff.teachers,
      sharedTeacherCount: staff.shared,
      aideStart: staffStart + staff.teachers,
      aideCount: staff.aides,
      adminStart: staffStart + staff.teachers + staff.aides,
      adminCount: staff.admins,
      partnerSchool: partner,
      lendingSchool: index > 0 && isSameKind(levels[index - 1]!, level) ? index - 1 : null,
      addedStart: addedStarts[index]!,
      addedCount: addedCounts[index]!,
    };
    schools.push(school);
    studentStart += studentCount;
    staffStart += staff.teachers + staff.aides + staff.admins;
  }

  const districtStaffCount = Math.max(3, Math.round(students / 2500));
  const staffCount = staffStart + districtStaffCount;
  const addedStudentCount = planAddedStudents(settings, schools, addedStarts, addedCounts);
  return {
    settings,
    districtId,
    districtName: `${town} Unified School District`,
    domain: `${town.toLowerCase()}usd.example.org`,
    cleverPrefix: mixSeed(seed, randomStreams.plan, 2).toString(16).padStart(8, '0'),
    schools,
    initialStudentCount: students,
    staffCount,
    districtStaffStart: staffStart,
    districtStaffCount,
    households: planHouseholds(seed, students, staffCount),
    addedStudentCount,
  };
}

/**
 * Staff of one school. Elementary: one teacher per homeroom plus a fifth more who co-teach
 * (specialists, ESL), some of whom also co-teach at the partner school. Secondary: enough teachers that every period's sections have a
 * teacher of their own (a period holds at most one section per 18 students, plus one per
 * grade for small remainders), plus the shared ones.
 */
function planStaff(
  level: SchoolLevel,
  studentCount: number,
  gradeCount: number,
  homeroomCounts: readonly number[],
  hasPartner: boolean,
): { teachers: number; shared: number; aides: number; admins: number } {
  if (level === 'elementary') {
    const homerooms = homeroomCounts.reduce((sum, n) => sum + n, 0);
    const specialists = Math.max(1, Math.round(homerooms * 0.2));
    return {
      teachers: homerooms + specialists,
      shared: hasPartner ? Math.max(1, Math.round(specialists * 0.3)) : 0,
      aides: Math.max(1, Math.round(studentCount / 100)),
      admins: studentCount < 300 ? 1 : 2,
    };
  }
  const ownTeachers = Math.ceil(studentCount / 18) + gradeCount;
  const shared = hasPartner ? Math.max(1, Math.round(ownTeachers * sharedTeacherShare)) : 0;
  return {
    teachers: ownTeachers + shared,
    shared,
    aides: Math.max(1, Math.round(studentCount / 250)),
    admins: level === 'middle' ? 2 + (studentCount > 800 ? 1 : 0) : 3 + Math.floor(studentCount / 1000),
  };
}

/**
 * How many students each next day adds per school (the rate times the school's day-0 size,
 * rounded up or down at random), and the global indexes they get. Fixed up front so that a
 * student added on day 3 has the same id however many days are generated.
 */
function planAddedStudents(
  settings: DistrictSettings,
  schools: readonly SchoolPlan[],
  addedStarts: number[][],
  addedCounts: number[][],
): number {
  let next = settings.students;
  settings.rates.forEach((rate, dayIndex) => {
    for (const school of schools) {
      const expected = rate * school.studentCount;
      const whole = Math.floor(expected);
      const draw = hashUnit(settings.seed, randomStreams.studentAdds, dayIndex + 1, school.index);
      const count = whole + (draw < expected - whole ? 1 : 0);
      addedStarts[school.index]!.push(next);
      addedCounts[school.index]!.push(count);
      next += count;
    }
  });
  return next - settings.students;
}

/**
 * Schools that can share teachers: two elementary schools (specialists), or two secondary
 * ones (a middle-school teacher may teach ninth grade too).
 */
function isSameKind(a: SchoolLevel, b: SchoolLevel): boolean {
  return (a === 'elementary') === (b === 'elementary');
}

/** Splits a total into integer parts proportional to the weights (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (sum === 0 ? 0 : (total * weight) / sum));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

function schoolName(ordinal: number, level: SchoolLevel): string {
  const base = schoolNames[ordinal % schoolNames.length]!;
  const round = Math.floor(ordinal / schoolNames.length);
  return `${base} ${levelWords[level]}${round > 0 ? ` #${round + 1}` : ''}`;
}
