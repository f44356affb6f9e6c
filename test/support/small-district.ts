import type { CsvRows } from './bundle-builder.ts';

/**
 * The canonical small district the scenario tests share: a district org, two schools whose
 * ids have leading zeros (0042 Lincoln Elementary, 0077 Roosevelt Middle), a homeroom and
 * two sections, eight students, three teachers, a district administrator and five guardians
 * linked from either side. Tests copy it and change what they need.
 */
export function smallDistrict(): Record<
  'orgs.csv' | 'users.csv' | 'classes.csv' | 'enrollments.csv',
  CsvRows
> {
  const orgs: CsvRows = [
    { sourcedId: 'D1', name: 'Springfield Public Schools', type: 'district' },
    { sourcedId: '0042', name: 'Lincoln Elementary', type: 'school', parentSourcedId: 'D1' },
    { sourcedId: '0077', name: 'Roosevelt Middle', type: 'school', parentSourcedId: 'D1' },
  ];
  const student = (
    id: string,
    given: string,
    family: string,
    org: string,
    grade: string,
    agents = '',
  ): CsvRows[number] => ({
    sourcedId: id,
    enabledUser: 'true',
    orgSourcedIds: org,
    role: 'student',
    username: `${given}.${family}`.toLowerCase(),
    givenName: given,
    familyName: family,
    identifier: `S${id}`,
    email: `${ascii(given)}.${ascii(family)}@students.example.org`.toLowerCase(),
    agentSourcedIds: agents,
    grades: grade,
  });
  const users: CsvRows = [
    student('000101', 'Ava', 'Nguyễn', '0042', '03', 'P1'),
    student('000102', 'Liam', "O'Brien", '0042', '03', 'P2,P3'),
    student('000103', 'Zoë', 'Smith-Jones', '0042', '03'),
    student('000104', 'Noah', 'García', '0042', '03'),
    student('000201', 'Mia', 'Okafor', '0077', '07', 'P4'),
    student('000202', 'Ethan', 'Kowalski', '0077', '07'),
    student('000203', 'Sofia', 'Rossi', '0077', '07'),
    student('000204', 'Lucas', 'Dubois', '0077', '07'),
    {
      sourcedId: 'T1',
      enabledUser: 'true',
      orgSourcedIds: '0042',
      role: 'teacher',
      givenName: 'Grace',
      familyName: 'Hopper',
      email: 'GHopper@Springfield.example.org',
      sms: '(212) 867-5309',
    },
    {
      sourcedId: 'T2',
      enabledUser: 'true',
      orgSourcedIds: '0077',
      role: 'teacher',
      givenName: 'Alan',
      familyName: 'Turing',
      email: 'aturing@springfield.example.org',
    },
    {
      sourcedId: 'T3',
      enabledUser: 'true',
      orgSourcedIds: '0042,0077',
      role: 'aide',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'alovelace@springfield.example.org',
    },
    {
      sourcedId: 'A1',
      enabledUser: 'true',
      orgSourcedIds: 'D1',
      role: 'administrator',
      givenName: 'Dana',
      familyName: 'Scully',
      email: 'dscully@springfield.example.org',
    },
    guardian('P1', 'parent', 'Hoa', 'Nguyễn', 'hoa.nguyen@example.com', '312-555-0101', ''),
    guardian('P2', 'parent', 'Siobhan', "O'Brien", 'siobhan@example.com', '+1 415 202 3344', '000102'),
    guardian('P3', 'relative', 'Patrick', "O'Brien", '', '(617) 303-4455', '000102'),
    guardian('P4', 'guardian', 'Chidi', 'Okafor', 'chidi@example.com', '', ''),
    guardian('P5', 'parent', 'Rosa', 'Rossi', 'rosa@example.com', '', '000203'),
  ];
  const classes: CsvRows = [
    {
      sourcedId: 'C1',
      title: 'Homeroom 3A',
      grades: '03',
      classType: 'homeroom',
      schoolSourcedId: '0042',
      periods: '1',
    },
    {
      sourcedId: 'C2',
      title: 'Math 7',
      grades: '07',
      classType: 'scheduled',
      schoolSourcedId: '0077',
      subjects: 'Math',
      periods: '2',
    },
    {
      sourcedId: 'C3',
      title: 'Science 7',
      grades: '07',
      classType: 'scheduled',
      schoolSourcedId: '0077',
      subjects: 'Science',
      periods: '3',
    },
  ];
  const enroll = (
    id: string,
    klass: string,
    user: string,
    role: string,
    primary = 'false',
  ): CsvRows[number] => ({
    sourcedId: id,
    classSourcedId: klass,
    schoolSourcedId: klass === 'C1' ? '0042' : '0077',
    userSourcedId: user,
    role,
    primary,
    beginDate: '2026-08-15',
    endDate: '2027-06-15',
  });
  const enrollments: CsvRows = [
    enroll('E1', 'C1', 'T1', 'teacher', 'true'),
    enroll('E2', 'C1', 'T3', 'aide'),
    enroll('E3', 'C1', '000101', 'student'),
    enroll('E4', 'C1', '000102', 'student'),
    enroll('E5', 'C1', '000103', 'student'),
    enroll('E6', 'C1', '000104', 'student'),
    enroll('E7', 'C2', 'T2', 'teacher', 'true'),
    enroll('E8', 'C2', '000201', 'student'),
    enroll('E9', 'C2', '000202', 'student'),
    enroll('E10', 'C2', '000203', 'student'),
    enroll('E11', 'C2', '000204', 'student'),
    enroll('E12', 'C3', 'T2', 'teacher', 'true'),
    enroll('E13', 'C3', '000201', 'student'),
    enroll('E14', 'C3', '000202', 'student'),
  ];
  return { 'orgs.csv': orgs, 'users.csv': users, 'classes.csv': classes, 'enrollments.csv': enrollments };
}

function guardian(
  id: string,
  role: string,
  given: string,
  family: string,
  email: string,
  sms: string,
  agents: string,
): CsvRows[number] {
  return {
    sourcedId: id,
    enabledUser: 'true',
    orgSourcedIds: 'D1',
    role,
    givenName: given,
    familyName: family,
    email,
    sms,
    agentSourcedIds: agents,
  };
}

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z-]/g, '');
}
