import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import type { PersonRoleName, Snapshot } from '../../roster/snapshot.ts';
import { cleverSettingsSchema } from '../../sync/clever-settings.ts';
import { generateBundle } from '../../testkit/generator/generate-bundle.ts';
import { readOneRosterBundle } from '../oneroster-csv/read-oneroster-bundle.ts';
import type { CleverRecords } from './clever-records.ts';
import { mapCleverToSnapshot } from './map-clever-to-snapshot.ts';

// One generated district (seed 5, 400 students) written twice: as the fake Clever server's data
// file and as a OneRoster 1.1 bundle. Where the two formats carry the same facts, the Clever
// mapper and the OneRoster reader must agree.
const root = mkdtempSync(path.join(tmpdir(), 'rostersync-clever-map-'));
let records: CleverRecords;
let oneRoster: Snapshot;

beforeAll(async () => {
  await generateBundle({ students: 400, seed: 5, outDir: path.join(root, 'clever'), format: 'clever-json' });
  await generateBundle({ students: 400, seed: 5, outDir: path.join(root, '1.1'), format: 'oneroster-1.1' });
  records = JSON.parse(readFileSync(path.join(root, 'clever', 'clever.json'), 'utf8')) as CleverRecords;
  const read = await readOneRosterBundle(path.join(root, '1.1'), {
    findings: new FindingLog(),
    phoneRegion: 'US',
    today: '2026-11-29',
  });
  oneRoster = read.snapshot!;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function mapGenerated(settings: Record<string, unknown>): { snapshot: Snapshot; findings: FindingLog } {
  const findings = new FindingLog();
  const snapshot = mapCleverToSnapshot(
    records,
    { partial: {} },
    {
      settings: cleverSettingsSchema.parse(settings),
      phoneRegion: 'US',
      findings,
      apiVersion: 'v3.0',
    },
  );
  return { snapshot, findings };
}

/** Every contact type the generator writes, and only cell phones (OneRoster's `sms`). */
const sameFacts = { contactTypes: ['Parent/Guardian', 'Family', 'Emergency'], phoneTypes: ['Cell'] };

function counts(snapshot: Snapshot) {
  const roles: Record<PersonRoleName, number> = { student: 0, staff: 0, guardian: 0 };
  for (const person of snapshot.people.values()) for (const role of person.roles) roles[role.role]++;
  const memberships = [...snapshot.enrollments.values()].flatMap((members) => members.roles);
  return {
    ...roles,
    classes: snapshot.classes.size,
    links: snapshot.guardianLinks.length,
    studentMemberships: memberships.filter((role) => role === 'student').length,
    teacherMemberships: memberships.filter((role) => role === 'teacher').length,
    aideMemberships: memberships.filter((role) => role === 'aide').length,
    primaryTeachers: [...snapshot.enrollments.values()].flatMap((members) =>
      members.isPrimary.filter(Boolean),
    ).length,
    orgs: snapshot.orgs.size,
    courses: snapshot.courses.size,
    academicSessions: snapshot.academicSessions.size,
  };
}

describe('mapCleverToSnapshot on a generated district', () => {
  it('counts what the OneRoster reader counts in the same district, Clever having no aides', () => {
    const { snapshot } = mapGenerated(sameFacts);
    const expected = counts(oneRoster);
    expect(expected).toMatchObject({ student: 400, classes: 63 });
    // Clever sections list students and teachers only: the generator's aides are staff users
    // in Clever too, but their OneRoster `aide` enrollments have no Clever counterpart.
    expect(counts(snapshot)).toEqual({ ...expected, aideMemberships: 0 });
    expect(expected.aideMemberships).toBeGreaterThan(0);
  });

  it('keys people as OneRoster does, except district admins and contacts without sis_id', () => {
    const { snapshot, findings } = mapGenerated(sameFacts);
    const onlyClever = [...snapshot.people.keys()].filter((key) => !oneRoster.people.has(key));
    const onlyOneRoster = [...oneRoster.people.keys()].filter((key) => !snapshot.people.has(key));
    expect(onlyClever.length).toBe(onlyOneRoster.length);
    const derived = onlyClever.filter((key) => /^(email|mobile|name):/.test(key));
    const admins = onlyClever.filter((key) => !derived.includes(key));
    // District admins: keyed by Clever id (Clever has no SIS id for them), district-level staff.
    for (const key of admins) {
      expect(snapshot.people.get(key)?.roles).toEqual([
        { role: 'staff', kind: 'district_admin', orgSisIds: [records.districts[0]!.id] },
      ]);
    }
    // Contacts the generator sends without sis_id: one derived key each, reported once.
    expect(findings.list()).toContainEqual(
      expect.objectContaining({ code: 'CLEVER_CONTACT_KEY_DERIVED', value: String(derived.length) }),
    );
    expect(derived.length).toBeGreaterThan(0);
    expect(admins.length).toBe(3);
  });

  it('agrees on the values both formats carry', () => {
    const { snapshot } = mapGenerated(sameFacts);
    const differences: string[] = [];
    for (const person of snapshot.people.values()) {
      const other = oneRoster.people.get(person.sisId);
      if (!other) continue;
      const isGuardian = person.roles.some((role) => role.role === 'guardian');
      // Clever gives staff and students no phone; the generator writes a contact's full name
      // as "given family" into name.last, so the middle name is not there to split out.
      const fields = ['givenName', 'familyName', 'email', 'studentNumber', 'grade'] as const;
      for (const field of [...fields, ...(isGuardian ? (['mobile'] as const) : (['middleName'] as const))]) {
        if ((person[field] ?? null) !== (other[field] ?? null)) {
          differences.push(`${person.sisId} ${field}: ${other[field]} ≠ ${person[field]}`);
        }
      }
      expect(person.roles.map((role) => role.role)).toEqual(other.roles.map((role) => role.role));
    }
    expect(differences).toEqual([]);
    const linkOf = (link: Snapshot['guardianLinks'][number]) => `${link.guardianSisId}>${link.studentSisId}`;
    const shared = new Set(oneRoster.guardianLinks.map(linkOf));
    const cleverLinks = snapshot.guardianLinks
      .map(linkOf)
      .filter((link) => !/^(email|mobile|name):/.test(link));
    expect(cleverLinks.every((link) => shared.has(link))).toBe(true);
  });

  it('with default settings keeps Parent/Guardian contacts only and says what it left out', () => {
    const { snapshot, findings } = mapGenerated({});
    expect(snapshot.guardianLinks.every((link) => link.contactType === 'Parent/Guardian')).toBe(true);
    const parentLinks = records.users
      .flatMap(
        (user) =>
          (user.roles as { contact?: { student_relationships: { type: string }[] } }).contact
            ?.student_relationships ?? [],
      )
      .filter((relationship) => relationship.type === 'Parent/Guardian').length;
    expect(snapshot.guardianLinks.length).toBe(parentLinks);
    expect(counts(snapshot).guardian).toBeLessThan(counts(oneRoster).guardian);
    expect(
      findings
        .list()
        .map((finding) => finding.code)
        .sort(),
    ).toEqual(['CLEVER_CONTACTS_FILTERED', 'CLEVER_CONTACT_KEY_DERIVED', 'CLEVER_CONTACT_NAME_SPLIT']);
  });
});
