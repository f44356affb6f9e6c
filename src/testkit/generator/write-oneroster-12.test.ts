import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from './generate-bundle.ts';
import { listConformanceProblems } from './list-conformance-problems.ts';
import { generateNextDay } from './next-day.ts';
import { readBundleCsv, type ParsedCsv } from './read-bundle-csv.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-oneroster-12-'));
const dir12 = path.join(root, '1.2');
const dir11 = path.join(root, '1.1');
let users: ParsedCsv;
let roles: ParsedCsv;

beforeAll(async () => {
  await generateBundle({ students: 1000, seed: 3, outDir: dir12, format: 'oneroster-1.2' });
  await generateBundle({ students: 1000, seed: 3, outDir: dir11 });
  users = readBundleCsv(dir12, 'users.csv');
  roles = readBundleCsv(dir12, 'roles.csv');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeOneRoster12', () => {
  it('writes the OneRoster 1.2 files and headers', () => {
    expect(readdirSync(dir12).sort()).toEqual([
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'enrollments.csv',
      'generator.json',
      'manifest.csv',
      'orgs.csv',
      'roles.csv',
      'users.csv',
    ]);
    expect(users.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,' +
        'email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,' +
        'preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
    );
    expect(roles.header.join(',')).toBe(
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
    );
    const manifest = Object.fromEntries(
      readBundleCsv(dir12, 'manifest.csv').rows.map((row) => [row.propertyName, row.value]),
    );
    expect(manifest).toMatchObject({
      'oneroster.version': '1.2',
      'file.roles': 'bulk',
      'file.userProfiles': 'absent',
    });
  });

  it('holds the same people as the 1.1 bundle of the same seed', () => {
    const names = (rows: Record<string, string>[]) =>
      rows
        .map((user) => `${user.sourcedId}|${user.givenName}|${user.familyName}|${user.email}|${user.sms}`)
        .sort();
    expect(names(users.rows)).toEqual(names(readBundleCsv(dir11, 'users.csv').rows));
    expect(readBundleCsv(dir12, 'classes.csv').rows).toEqual(readBundleCsv(dir11, 'classes.csv').rows);
  });

  it('gives every user one primary role at its primary org, and more orgs as secondary roles', () => {
    const orgIds = new Set(readBundleCsv(dir12, 'orgs.csv').rows.map((org) => org.sourcedId!));
    const primary = new Map<string, string>();
    for (const role of roles.rows) {
      expect(orgIds.has(role.orgSourcedId!)).toBe(true);
      if (role.roleType === 'primary') {
        expect(primary.has(role.userSourcedId!)).toBe(false);
        primary.set(role.userSourcedId!, role.orgSourcedId!);
      }
    }
    expect(users.rows.every((user) => primary.get(user.sourcedId!) === user.primaryOrgSourcedId)).toBe(true);
    expect(roles.rows.some((role) => role.roleType === 'secondary')).toBe(true);
    expect(new Set(roles.rows.map((role) => role.role))).toEqual(
      new Set([
        'student',
        'teacher',
        'aide',
        'siteAdministrator',
        'principal',
        'districtAdministrator',
        'parent',
        'guardian',
        'relative',
      ]),
    );
  });

  it('conforms to the OneRoster 1.2 CSV binding on day 0 and on a next day', async () => {
    expect(listConformanceProblems(dir12)).toEqual([]);
    const day1 = path.join(root, '1.2-day1');
    await generateNextDay({ from: dir12, rate: 0.03, outDir: day1 });
    expect(listConformanceProblems(day1)).toEqual([]);
  });

  it('gives school administrators who are not principals the 1.2 role siteAdministrator', () => {
    const staffRoles = new Map(
      readBundleCsv(dir11, 'users.csv').rows.map((user) => [user.sourcedId!, user.role!]),
    );
    const administratorRoles = roles.rows
      .filter((role) => staffRoles.get(role.userSourcedId!) === 'administrator')
      .map((role) => role.role);
    expect(new Set(administratorRoles)).toEqual(
      new Set(['principal', 'siteAdministrator', 'districtAdministrator']),
    );
  });

  it('enrolls aides as proctors, 1.2 having no aide enrollment role', () => {
    const enrollmentRoles = new Set(readBundleCsv(dir12, 'enrollments.csv').rows.map((row) => row.role));
    expect(enrollmentRoles).toEqual(new Set(['teacher', 'proctor', 'student']));
  });
});
