import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot } from '../../roster/snapshot.ts';
import { generateBundle } from '../../testkit/generator/generate-bundle.ts';
import { readOneRosterBundle } from './read-oneroster-bundle.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-read-users-12-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const usersHeader =
  'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,' +
  'identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,' +
  'preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns';
const rolesHeader =
  'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId';

/** A users.csv line: id, names, preferred given name, primary org, grade, agents. */
function user(
  id: string,
  given: string,
  family: string,
  options: { preferred?: string; primaryOrg?: string; grade?: string; agents?: string; status?: string } = {},
): string {
  const { preferred = '', primaryOrg = '', grade = '', agents = '', status = '' } = options;
  return `${id},${status},,true,,,${given},${family},,N${id},${id.toLowerCase()}@example.org,,,${agents},${grade},,,${preferred},,,${primaryOrg},`;
}

/** A roles.csv line. */
function role(
  user: string,
  name: string,
  org: string,
  options: { type?: string; endDate?: string; status?: string } = {},
): string {
  const { type = 'primary', endDate = '', status = '' } = options;
  return `${user}-${org}-${name},${status},,${user},${type},${name},,${endDate},${org},`;
}

const classes = 'sourcedId,title,schoolSourcedId\n' + 'C1,Homeroom,s1\n';
const enrollments =
  'sourcedId,classSourcedId,userSourcedId,role,primary\n' +
  'E1,C1,T1,teacher,true\n' +
  'E2,C1,S1,student,false\n' +
  'E3,C1,A1,proctor,false\n';

let bundleCount = 0;

function writeBundle(files: Record<string, string[] | string>): string {
  const dir = path.join(root, `bundle-${++bundleCount}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), Array.isArray(content) ? `${content.join('\n')}\n` : content);
  }
  return dir;
}

async function read(dir: string): Promise<{ snapshot: Snapshot | null; findings: FindingLog }> {
  const findings = new FindingLog();
  const { snapshot } = await readOneRosterBundle(dir, { findings, phoneRegion: 'US', today: '2026-01-15' });
  return { snapshot, findings };
}

const codesOf = (findings: FindingLog) => findings.list().map((finding) => finding.code);

describe('reading a OneRoster 1.2 bundle', () => {
  it('builds people from users.csv with their roles from roles.csv, primary org first', async () => {
    const dir = writeBundle({
      'users.csv': [
        usersHeader,
        user('S1', 'Ava', 'Nguyen', { primaryOrg: 's1', grade: '03', agents: 'T1' }),
        user('S2', 'Liam', 'Brown', { primaryOrg: 's1', grade: '03' }),
        user('T1', 'Grace', 'Hopper', { primaryOrg: 's1' }),
        user('A1', 'Ada', 'Lovelace', { primaryOrg: 's2' }),
      ],
      'roles.csv': [
        rolesHeader,
        role('S1', 'student', 's1'),
        role('S2', 'student', 's1'),
        // Grace teaches at s2 and s1 (s1 is her primary org) and is Ava's parent.
        role('T1', 'teacher', 's2', { type: 'secondary' }),
        role('T1', 'parent', 's1', { type: 'secondary' }),
        role('T1', 'teacher', 's1', { type: 'primary' }),
        // roleType says s1, primaryOrgSourcedId says s2: the user's primary org wins.
        role('A1', 'aide', 's1', { type: 'primary' }),
        role('A1', 'siteAdministrator', 's2', { type: 'secondary' }),
      ],
      'classes.csv': classes,
      'enrollments.csv': enrollments,
    });
    const { snapshot, findings } = await read(dir);
    expect(codesOf(findings)).not.toContain('USER_WITHOUT_ROLE');
    expect(snapshot?.source).toEqual({ kind: 'oneroster-csv', version: '1.2' });
    const people = snapshot!.people;
    expect(people.get('T1')?.roles).toEqual([
      { role: 'staff', kind: 'teacher', orgSisIds: ['s1', 's2'] },
      { role: 'guardian', kind: 'parent', orgSisIds: ['s1'] },
    ]);
    expect(people.get('A1')?.roles).toEqual([
      { role: 'staff', kind: 'siteadministrator', orgSisIds: ['s2', 's1'] },
    ]);
    expect(people.get('S1')).toMatchObject({ grade: '03', studentNumber: 'NS1', givenName: 'Ava' });
    expect(people.get('T1')).toMatchObject({ grade: null, studentNumber: null });
    // Students of one school share one frozen roles array.
    expect(people.get('S1')?.roles).toBe(people.get('S2')?.roles);
    // A teacher who is also a parent is linked as the parent.
    expect(snapshot!.guardianLinks).toEqual([
      { guardianSisId: 'T1', studentSisId: 'S1', relationship: 'parent', contactType: null },
    ]);
    // 1.2 enrolls aides as proctors.
    expect(snapshot!.enrollments.get('C1')?.roles).toEqual(['teacher', 'student', 'aide']);
  });

  it('shows preferred names instead of legal ones', async () => {
    const dir = writeBundle({
      'users.csv': [
        usersHeader,
        user('S1', 'Alexander', 'Smith', { preferred: 'Sasha', primaryOrg: 's1' }),
        user('S2', 'Liam', 'Brown', { preferred: '  ', primaryOrg: 's1' }),
      ],
      'roles.csv': [rolesHeader, role('S1', 'student', 's1'), role('S2', 'student', 's1')],
      'classes.csv': classes,
      'enrollments.csv': 'classSourcedId,userSourcedId,role\n',
    });
    const { snapshot } = await read(dir);
    expect(snapshot!.people.get('S1')).toMatchObject({ givenName: 'Sasha', familyName: 'Smith' });
    expect(snapshot!.people.get('S2')).toMatchObject({ givenName: 'Liam' });
  });

  it('ignores ended and deleted roles, keeps users without roles and reports roles of unknown users', async () => {
    const dir = writeBundle({
      'users.csv': [
        usersHeader,
        user('T1', 'Grace', 'Hopper', { primaryOrg: 's1' }),
        user('T2', 'Old', 'Teacher', { primaryOrg: 's1' }),
        user('X1', 'No', 'Role', { primaryOrg: 's1' }),
        user('Q1', 'Odd', 'Role', { primaryOrg: 's1' }),
      ],
      'roles.csv': [
        rolesHeader,
        role('T1', 'teacher', 's1'),
        role('T1', 'administrator', 's2', { type: 'secondary', endDate: '2025-06-30' }),
        role('T1', 'parent', 's1', { type: 'secondary', status: 'tobedeleted' }),
        role('T2', 'teacher', 's1', { endDate: '2025-06-30' }),
        role('Q1', 'teacher', 's1'),
        role('Q1', 'coach', 's1', { type: 'secondary' }),
        role('Z9', 'teacher', 's1'),
      ],
      'classes.csv': classes,
      'enrollments.csv': 'classSourcedId,userSourcedId,role\n',
    });
    const { snapshot, findings } = await read(dir);
    expect(snapshot!.people.get('T1')?.roles).toEqual([
      { role: 'staff', kind: 'teacher', orgSisIds: ['s1'] },
    ]);
    // Only ended roles: not in the roster, so the person leaves (through the guard).
    expect(snapshot!.people.has('T2')).toBe(false);
    expect(snapshot!.unreadable.people.has('T2')).toBe(false);
    // No role at all, or a role the sync does not know: left as it is.
    expect(snapshot!.people.has('X1')).toBe(false);
    expect(snapshot!.unreadable.people).toEqual(new Set(['X1', 'Q1']));
    expect(findings.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'ROLE_UNKNOWN',
          file: 'roles.csv',
          line: 7,
          value: 'coach',
        }),
        expect.objectContaining({ code: 'ROLE_ENDED', file: 'roles.csv', value: '2' }),
        expect.objectContaining({ code: 'USER_WITHOUT_ROLE', file: 'users.csv', line: 4, sisId: 'X1' }),
        expect.objectContaining({ code: 'REFERENCE_UNKNOWN', file: 'roles.csv', line: 8, sisId: 'Z9' }),
      ]),
    );
    expect(snapshot!.completeness.staff).toBe('complete');
  });

  it('needs roles.csv in a 1.2 bundle', async () => {
    const dir = writeBundle({
      'manifest.csv': ['propertyName,value', 'manifest.version,1.0', 'oneroster.version,1.2'],
      'users.csv': [usersHeader, user('S1', 'Ava', 'Nguyen')],
      'classes.csv': classes,
      'enrollments.csv': 'classSourcedId,userSourcedId,role\n',
    });
    const { snapshot, findings } = await read(dir);
    expect(snapshot).toBeNull();
    expect(findings.list().filter((finding) => finding.severity !== 'info')).toEqual([
      expect.objectContaining({ code: 'FILE_MISSING', file: 'roles.csv' }),
    ]);
  });

  it('reads a bundle as 1.1 when users.csv has a role column and no manifest says otherwise', async () => {
    const dir = writeBundle({
      'users.csv': ['sourcedId,orgSourcedIds,role,givenName,familyName', 'S1,s1,student,Ava,Nguyen'],
      'classes.csv': classes,
      'enrollments.csv': 'classSourcedId,userSourcedId,role\n',
    });
    const { snapshot } = await read(dir);
    expect(snapshot?.source.version).toBe('1.1');
    expect(snapshot?.people.get('S1')?.roles).toEqual([
      { role: 'student', kind: 'student', orgSisIds: ['s1'] },
    ]);
  });

  it('reads a generated 1.2 ZIP bundle', async () => {
    const out = path.join(root, 'generated-12.zip');
    const summary = await generateBundle({
      students: 60,
      seed: 4,
      outDir: out,
      zip: true,
      format: 'oneroster-1.2',
    });
    const { snapshot, findings } = await read(summary.out);
    expect(findings.list().filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(snapshot?.source.version).toBe('1.2');
    const students = [...snapshot!.people.values()].filter((person) => person.roles[0]?.role === 'student');
    expect(students).toHaveLength(60);
  });
});
