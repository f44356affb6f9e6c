import type { Random } from './seeded-random.ts';

/** A subject secondary teachers teach, with the titles its courses carry per grade. */
export interface Subject {
  /** Short code used in course ids and class codes. */
  code: string;
  /** OneRoster `subjects`. */
  name: string;
  /** SCED subject area, OneRoster `subjectCodes`. */
  scedCode: string;
  /** Clever's subject vocabulary. */
  cleverSubject: string;
  /** Share of secondary teachers teaching it. */
  weight: number;
  /** Course title for a CEDS grade. */
  title(grade: string): string;
}

const numbered =
  (name: string) =>
  (grade: string): string =>
    `${name} ${Number(grade)}`;
const byGrade =
  (titles: Record<string, string>) =>
  (grade: string): string =>
    titles[grade] ?? Object.values(titles)[0]!;

export const subjects: readonly Subject[] = [
  {
    code: 'ENG',
    name: 'English Language Arts',
    scedCode: '01',
    cleverSubject: 'english/language arts',
    weight: 0.2,
    title: numbered('English'),
  },
  {
    code: 'MATH',
    name: 'Mathematics',
    scedCode: '02',
    cleverSubject: 'math',
    weight: 0.2,
    title: byGrade({
      '06': 'Math 6',
      '07': 'Math 7',
      '08': 'Pre-Algebra',
      '09': 'Algebra I',
      '10': 'Geometry',
      '11': 'Algebra II',
      '12': 'Precalculus',
    }),
  },
  {
    code: 'SCI',
    name: 'Science',
    scedCode: '03',
    cleverSubject: 'science',
    weight: 0.17,
    title: byGrade({
      '06': 'Earth Science',
      '07': 'Life Science',
      '08': 'Physical Science',
      '09': 'Biology',
      '10': 'Chemistry',
      '11': 'Physics',
      '12': 'Environmental Science',
    }),
  },
  {
    code: 'SOC',
    name: 'Social Studies',
    scedCode: '04',
    cleverSubject: 'social studies',
    weight: 0.15,
    title: byGrade({
      '06': 'World Cultures',
      '07': 'World History',
      '08': 'U.S. History',
      '09': 'World Geography',
      '10': 'Modern World History',
      '11': 'U.S. History',
      // A comma inside a title: CSV writers must quote it.
      '12': 'Government, Economics',
    }),
  },
  {
    code: 'WL',
    name: 'World Languages',
    scedCode: '06',
    cleverSubject: 'language',
    weight: 0.08,
    title: byGrade({
      '06': 'Spanish Exploratory',
      '07': 'Spanish 1A',
      '08': 'Spanish 1B',
      '09': 'Spanish I',
      '10': 'Spanish II',
      '11': 'Spanish III',
      '12': 'Español IV',
    }),
  },
  {
    code: 'PE',
    name: 'Physical Education',
    scedCode: '08',
    cleverSubject: 'PE and health',
    weight: 0.08,
    title: numbered('Physical Education'),
  },
  {
    code: 'ART',
    name: 'Fine Arts',
    scedCode: '05',
    cleverSubject: 'arts and music',
    weight: 0.08,
    title: numbered('Art & Music'),
  },
  {
    code: 'CS',
    name: 'Computer Science',
    scedCode: '10',
    cleverSubject: 'technology and engineering',
    weight: 0.04,
    title: numbered('Computer Science'),
  },
];

/** The homeroom "subject" of elementary classes. */
export const homeroomSubject: Subject = {
  code: 'HR',
  name: 'Homeroom',
  scedCode: '',
  cleverSubject: 'homeroom/advisory',
  weight: 0,
  title: (grade) => `Homeroom ${gradeLabel(grade)}`,
};

/** Picks a subject by the weights above. */
export function pickSubject(random: Random): Subject {
  let draw = random.next();
  for (const subject of subjects) {
    draw -= subject.weight;
    if (draw < 0) return subject;
  }
  return subjects[0]!;
}

/** "Kindergarten", "Pre-K" or "Grade 3". */
export function gradeLabel(grade: string): string {
  if (grade === 'KG') return 'Kindergarten';
  if (grade === 'PK') return 'Pre-K';
  return `Grade ${Number(grade)}`;
}

/** Clever's grade words: "Kindergarten", "PreKindergarten", "1" … "12". */
export function cleverGrade(grade: string): string {
  if (grade === 'KG') return 'Kindergarten';
  if (grade === 'PK') return 'PreKindergarten';
  return String(Number(grade));
}
