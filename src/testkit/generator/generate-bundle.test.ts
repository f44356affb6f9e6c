import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import { readOneRosterBundle } from '../../sources/oneroster-csv/read-oneroster-bundle.ts';
import { sidecarName } from './bundle-sidecar.ts';
import type { GenerateSummary } from './district-model.ts';
import { generateBundle } from './generate-bundle.ts';
import { listConformanceProblems } from './list-conformance-problems.ts';
import { readBundleCsv, splitIds, type ParsedCsv } from './read-bundle-csv.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-generator-'));
const dir = path.join(root, 'district');
let summary: GenerateSummary;
let users: ParsedCsv;
let classes: ParsedCsv;
let enrollments: ParsedCsv;
let orgs: ParsedCsv;

beforeAll(async () => {
  summary = await generateBundle({ students: 2000, seed: 7, outDir: dir });
  users = readBundleCsv(dir, 'users.csv');
  classes = readBundleCsv(dir, 'classes.csv');
  enrollments = readBundleCsv(dir, 'enrollments.csv');
  orgs = readBundleCsv(dir, 'orgs.csv');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const guardianRoles = new Set(['parent', 'guardian', 'relative']);
const staffRoles = new Set(['teacher', 'aide', 'administrator']);
const byRole = (roles: Set<string>) => users.rows.filter((user) => roles.has(user.role!));
const students = () => users.rows.filter((user) => user.role === 'student');
const share = (part: number, whole: number) => part / whole;

function hashFiles(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(path.join(folder, name)))
          .digest('hex'),
      ]),
  );
}

/** Links from either side, as the reader makes them (SPEC §2.2). */
function guardianLinks(): Map<string, Set<string>> {
  const links = new Map<string, Set<string>>();
  const add = (student: string, guardian: string) => {
    if (!links.has(student)) links.set(student, new Set());
    links.get(student)!.add(guardian);
  };
  for (const user of users.rows) {
    for (const agent of splitIds(user.agentSourcedIds)) {
      if (user.role === 'student') add(user.sourcedId!, agent);
      else add(agent, user.sourcedId!);
    }
  }
  return links;
}

describe('generateBundle (OneRoster 1.1)', () => {
  it('writes the files with the exact OneRoster 1.1 headers and a manifest', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'enrollments.csv',
      'generator.json',
      'manifest.csv',
      'orgs.csv',
      'users.csv',
    ]);
    expect(orgs.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
    );
    expect(users.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,' +
        'middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
    );
    expect(classes.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,' +
        'termSourcedIds,subjects,subjectCodes,periods',
    );
    expect(enrollments.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
    );
    expect(readBundleCsv(dir, 'academicSessions.csv').header.join(',')).toBe(
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
    );
    expect(readBundleCsv(dir, 'courses.csv').header.join(',')).toBe(
      'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes',
    );
    const manifest = Object.fromEntries(
      readBundleCsv(dir, 'manifest.csv').rows.map((row) => [row.propertyName, row.value]),
    );
    expect(manifest).toMatchObject({
      'manifest.version': '1.0',
      'oneroster.version': '1.1',
      'file.users': 'bulk',
      'file.enrollments': 'bulk',
      'file.demographics': 'absent',
      'source.systemName': 'rostersync-generator',
    });
    expect(readFileSync(path.join(dir, 'users.csv'), 'utf8').split('\n')[1]).toMatch(/\r$/);
  });

  it('conforms to the OneRoster 1.1 CSV binding', () => {
    expect(listConformanceProblems(dir)).toEqual([]);
  });

  it('leaves status and dateLastModified empty in every bulk file, keeping the columns', () => {
    for (const name of ['orgs.csv', 'academicSessions.csv', 'courses.csv', 'classes.csv', 'users.csv']) {
      const { header, rows } = readBundleCsv(dir, name);
      expect(header.slice(0, 3)).toEqual(['sourcedId', 'status', 'dateLastModified']);
      expect(rows.filter((row) => row.status !== '' || row.dateLastModified !== '')).toEqual([]);
    }
    expect(enrollments.rows.filter((row) => row.status !== '' || row.dateLastModified !== '')).toEqual([]);
  });

  it('gives byte-identical files for the same seed, and other files for another seed', async () => {
    const again = path.join(root, 'again');
    const other = path.join(root, 'other');
    await generateBundle({ students: 2000, seed: 7, outDir: again });
    await generateBundle({ students: 2000, seed: 8, outDir: other });
    expect(hashFiles(again)).toEqual(hashFiles(dir));
    expect(hashFiles(other)['users.csv']).not.toBe(hashFiles(dir)['users.csv']);
  });

  it('reports the counts it wrote', () => {
    expect(summary).toMatchObject({ students: 2000, day: 0, format: 'oneroster-1.1', badDay: null });
    expect(students()).toHaveLength(summary.students);
    expect(byRole(staffRoles)).toHaveLength(summary.staff);
    expect(byRole(guardianRoles)).toHaveLength(summary.guardians);
    expect(classes.rows).toHaveLength(summary.classes);
    expect(enrollments.rows).toHaveLength(summary.enrollments);
    expect(summary.files['enrollments.csv']!.rows).toBe(summary.enrollments);
  });

  it('puts elementary, middle and high schools under one district org', () => {
    const [district, ...schools] = orgs.rows;
    expect(district).toMatchObject({ type: 'district', parentSourcedId: '' });
    expect(
      schools.every((school) => school.type === 'school' && school.parentSourcedId === district!.sourcedId),
    ).toBe(true);
    expect(schools.map((school) => school.name!.replace(/^.* (\w+) School.*$/, '$1'))).toEqual(
      expect.arrayContaining(['Elementary', 'Middle', 'High']),
    );
  });

  it('keeps classes at 18–32 students, except groups too small to split that way', () => {
    const sizes = new Map<string, number>();
    for (const row of enrollments.rows) {
      if (row.role === 'student') sizes.set(row.classSourcedId!, (sizes.get(row.classSourcedId!) ?? 0) + 1);
    }
    // A group is one grade's students in one period (or the grade's homerooms) at one school.
    const groupOf = (klass: Record<string, string>) =>
      `${klass.schoolSourcedId}|${klass.grades}|${klass.periods}`;
    const groupTotals = new Map<string, number>();
    for (const klass of classes.rows) {
      groupTotals.set(
        groupOf(klass),
        (groupTotals.get(groupOf(klass)) ?? 0) + (sizes.get(klass.sourcedId!) ?? 0),
      );
    }
    const outside = classes.rows.filter((klass) => {
      const size = sizes.get(klass.sourcedId!) ?? 0;
      return size < 18 || size > 32;
    });
    expect(outside.every((klass) => groupTotals.get(groupOf(klass))! < 36)).toBe(true);
    expect(outside.length).toBeLessThan(classes.rows.length * 0.02);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(32);
  });

  it('gives elementary students one homeroom and secondary students 6–8 scheduled sections', () => {
    const typeOf = new Map(classes.rows.map((klass) => [klass.sourcedId!, klass.classType!]));
    const perStudent = new Map<string, { homeroom: number; scheduled: number }>();
    for (const row of enrollments.rows) {
      if (row.role !== 'student') continue;
      const counts = perStudent.get(row.userSourcedId!) ?? { homeroom: 0, scheduled: 0 };
      counts[typeOf.get(row.classSourcedId!) as 'homeroom' | 'scheduled']++;
      perStudent.set(row.userSourcedId!, counts);
    }
    const elementary = new Set(['PK', 'KG', '01', '02', '03', '04', '05']);
    for (const student of students()) {
      const counts = perStudent.get(student.sourcedId!)!;
      if (elementary.has(student.grades!)) expect(counts).toEqual({ homeroom: 1, scheduled: 0 });
      else expect(counts.homeroom === 0 && counts.scheduled >= 6 && counts.scheduled <= 8).toBe(true);
    }
  });

  it('gives every class one primary teacher, and teachers one or two schools', () => {
    const primaries = new Map<string, number>();
    for (const row of enrollments.rows) {
      if (row.role === 'teacher' && row.primary === 'true') {
        primaries.set(row.classSourcedId!, (primaries.get(row.classSourcedId!) ?? 0) + 1);
      }
      if (row.role !== 'teacher') expect(row.primary).toBe('false');
    }
    expect(classes.rows.every((klass) => primaries.get(klass.sourcedId!) === 1)).toBe(true);
    const teacherSchools = byRole(new Set(['teacher'])).map(
      (teacher) => splitIds(teacher.orgSourcedIds).length,
    );
    expect(new Set(teacherSchools)).toEqual(new Set([1, 2]));
  });

  it('enrolls aides as proctors, OneRoster 1.1 having no aide enrollment role', () => {
    expect(new Set(enrollments.rows.map((row) => row.role))).toEqual(
      new Set(['teacher', 'proctor', 'student']),
    );
    const userRole = new Map(users.rows.map((user) => [user.sourcedId!, user.role!]));
    const proctors = enrollments.rows.filter((row) => row.role === 'proctor');
    expect(new Set(proctors.map((row) => userRole.get(row.userSourcedId!)))).toEqual(new Set(['aide']));
  });

  it('puts district-level staff on the district org', () => {
    const districtId = orgs.rows[0]!.sourcedId!;
    const districtStaff = users.rows.filter((user) => user.orgSourcedIds === districtId);
    expect(districtStaff.length).toBeGreaterThanOrEqual(3);
    expect(districtStaff.every((user) => user.role === 'administrator')).toBe(true);
  });

  it('links every student to 1–3 guardians, siblings sharing them, some links written on one side only', () => {
    const links = guardianLinks();
    for (const student of students()) {
      const count = links.get(student.sourcedId!)?.size ?? 0;
      expect(count >= 1 && count <= 3).toBe(true);
    }
    const guardians = byRole(guardianRoles);
    const studentsPerGuardian = new Map<string, number>();
    for (const guardiansOfStudent of links.values()) {
      for (const guardian of guardiansOfStudent)
        studentsPerGuardian.set(guardian, (studentsPerGuardian.get(guardian) ?? 0) + 1);
    }
    expect(guardians.every((guardian) => studentsPerGuardian.has(guardian.sourcedId!))).toBe(true);
    expect([...studentsPerGuardian.values()].some((count) => count >= 2)).toBe(true);
    expect(students().some((student) => student.agentSourcedIds === '')).toBe(true);
    expect(guardians.some((guardian) => guardian.agentSourcedIds === '')).toBe(true);
  });

  it('makes about 3 % of staff guardians too, with the same name, email and mobile', () => {
    const key = (user: Record<string, string>) =>
      `${user.givenName}|${user.familyName}|${user.email}|${user.sms}`;
    const staffKeys = new Set(byRole(staffRoles).map(key));
    const staffGuardians = byRole(guardianRoles).filter((guardian) => staffKeys.has(key(guardian)));
    expect(staffGuardians.every((guardian) => guardian.email !== '' && guardian.sms !== '')).toBe(true);
    const staffShare = share(staffGuardians.length, summary.staff);
    expect(staffShare).toBeGreaterThanOrEqual(0.02);
    expect(staffShare).toBeLessThanOrEqual(0.04);
  });

  it('leaves about 15 % of guardians without email, 10 % without mobile and 2 % without both', () => {
    const guardians = byRole(guardianRoles);
    const noEmail = guardians.filter((guardian) => guardian.email === '').length;
    const noMobile = guardians.filter((guardian) => guardian.sms === '').length;
    const neither = guardians.filter((guardian) => guardian.email === '' && guardian.sms === '').length;
    expect(share(noEmail, guardians.length)).toBeGreaterThan(0.12);
    expect(share(noEmail, guardians.length)).toBeLessThan(0.18);
    expect(share(noMobile, guardians.length)).toBeGreaterThan(0.075);
    expect(share(noMobile, guardians.length)).toBeLessThan(0.125);
    expect(share(neither, guardians.length)).toBeGreaterThan(0.01);
    expect(share(neither, guardians.length)).toBeLessThan(0.035);
  });

  it('lets a few families share one email', () => {
    const users = new Map<string, number>();
    for (const guardian of byRole(guardianRoles)) {
      if (guardian.email)
        users.set(guardian.email.toLowerCase(), (users.get(guardian.email.toLowerCase()) ?? 0) + 1);
    }
    const shared = [...users.values()].filter((count) => count > 1).length;
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(byRole(guardianRoles).length * 0.02);
  });

  it('writes names with accents, apostrophes, hyphens, spaces and double quotes', () => {
    const names = users.rows.flatMap((user) => [user.givenName!, user.familyName!, user.middleName!]);
    expect(names.some((name) => /[^\p{ASCII}]/u.test(name))).toBe(true);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(names.some((name) => /\w-\w/.test(name))).toBe(true);
    expect(names.some((name) => / \w/.test(name))).toBe(true);
    expect(users.rows.some((user) => /^\w+ "\w+"$/.test(user.middleName!))).toBe(true);
    // Mostly plain ASCII, as real rosters are.
    expect(share(names.filter((name) => /[^\p{ASCII}]/u.test(name)).length, names.length)).toBeLessThan(0.1);
  });

  it('uses ids with leading zeros that never collide across entity types', () => {
    expect(students().every((student) => /^0\d{6}$/.test(student.sourcedId!))).toBe(true);
    expect(orgs.rows.slice(1).every((school) => /^0\d{3}$/.test(school.sourcedId!))).toBe(true);
    const ids = [
      ...orgs.rows,
      ...users.rows,
      ...classes.rows,
      ...enrollments.rows,
      ...readBundleCsv(dir, 'courses.csv').rows,
      ...readBundleCsv(dir, 'academicSessions.csv').rows,
    ].map((row) => row.sourcedId!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(students().every((student) => student.identifier !== student.sourcedId)).toBe(true);
  });

  it('resolves every reference between the files', () => {
    const userRole = new Map(users.rows.map((user) => [user.sourcedId!, user.role!]));
    const classSchool = new Map(classes.rows.map((klass) => [klass.sourcedId!, klass.schoolSourcedId!]));
    const orgIds = new Set(orgs.rows.map((org) => org.sourcedId!));
    const schoolIds = new Set(orgs.rows.filter((org) => org.type === 'school').map((org) => org.sourcedId!));
    const courseIds = new Set(readBundleCsv(dir, 'courses.csv').rows.map((course) => course.sourcedId!));
    const sessions = readBundleCsv(dir, 'academicSessions.csv').rows;
    const sessionIds = new Set(sessions.map((session) => session.sourcedId!));
    for (const row of enrollments.rows) {
      expect(classSchool.get(row.classSourcedId!)).toBe(row.schoolSourcedId);
      const role = userRole.get(row.userSourcedId!);
      expect(row.role === 'proctor' ? role === 'aide' : role === row.role).toBe(true);
    }
    for (const klass of classes.rows) {
      expect(schoolIds.has(klass.schoolSourcedId!)).toBe(true);
      expect(courseIds.has(klass.courseSourcedId!)).toBe(true);
      expect(splitIds(klass.termSourcedIds).every((term) => sessionIds.has(term))).toBe(true);
    }
    for (const user of users.rows) {
      expect(splitIds(user.orgSourcedIds).every((org) => orgIds.has(org))).toBe(true);
      const expected = user.role === 'student' ? guardianRoles : new Set(['student']);
      expect(splitIds(user.agentSourcedIds).every((agent) => expected.has(userRole.get(agent) ?? ''))).toBe(
        true,
      );
    }
    expect(
      sessions.every((session) => session.parentSourcedId === '' || sessionIds.has(session.parentSourcedId!)),
    ).toBe(true);
  });

  it('writes valid US phone numbers in assorted formats and mostly lower-case emails', () => {
    const phones = users.rows.flatMap((user) => [user.sms!, user.phone!]).filter((phone) => phone !== '');
    expect(phones.every((phone) => isValidPhoneNumber(phone, 'US'))).toBe(true);
    const shapes = new Set(phones.map((phone) => phone.replace(/\d/g, '9')));
    expect(shapes).toEqual(new Set(['(999) 999-9999', '999-999-9999', '+99999999999', '999.999.9999']));
    const emails = users.rows.map((user) => user.email!).filter((email) => email !== '');
    const mixedCase = emails.filter((email) => email !== email.toLowerCase()).length;
    expect(mixedCase).toBeGreaterThan(0);
    expect(share(mixedCase, emails.length)).toBeLessThan(0.1);
  });

  it('dates enrollments within the school year and ends them after today', () => {
    for (const row of enrollments.rows) {
      expect(row.beginDate! >= '2026-08-15' && row.beginDate! < '2026-11-29').toBe(true);
      expect(row.endDate).toBe('2027-06-15');
    }
  });

  it('is read by the OneRoster reader without a single finding', async () => {
    const findings = new FindingLog();
    const result = await readOneRosterBundle(dir, { findings, phoneRegion: 'US', today: '2026-11-29' });
    // The reader may note the generator's own sidecar as a file it does not read; nothing else.
    expect(findings.list().filter((finding) => !finding.message.includes(sidecarName))).toEqual([]);
    expect(result.snapshot?.people.size).toBe(users.rows.length);
    expect(result.snapshot?.classes.size).toBe(classes.rows.length);
  });
});
