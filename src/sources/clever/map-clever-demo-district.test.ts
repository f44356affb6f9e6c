import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot } from '../../roster/snapshot.ts';
import { cleverSettingsSchema } from '../../sync/clever-settings.ts';
import type { CleverObject } from './clever-records.ts';
import { mapCleverToSnapshot } from './map-clever-to-snapshot.ts';

// Clever's recorded "#DEMO_DISTRICT" (v3.0 list responses from Clever's Go SDK test mocks; see
// SOURCE.txt next to them), kept outside the repository: `../shared/data` from its root.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const demoDir = path.resolve(repoRoot, '../shared/data/clever-demo-district');
const hasDemo = ['v3.0-users.json', 'v3.0-sections.json', 'v3.0-districts.json'].every((file) =>
  existsSync(path.join(demoDir, file)),
);
// A missing recording must not pass unnoticed: say so where the run's output shows it.
if (!hasDemo) console.error(`Clever demo district tests skipped: ${demoDir} is absent.`);
const title = hasDemo
  ? 'mapCleverToSnapshot on Clever’s recorded demo district'
  : `mapCleverToSnapshot on Clever’s recorded demo district: SKIPPED, ${demoDir} is absent`;

/** The objects of a recorded list response (`{"data":[{"data":{…}}]}`). */
function listed(file: string): CleverObject[] {
  const body = JSON.parse(readFileSync(path.join(demoDir, file), 'utf8')) as {
    data: { data: CleverObject }[];
  };
  return body.data.map((item) => item.data);
}

interface DemoRelationship {
  type: string;
  relationship: string;
  student: string;
}
const rolesOf = (user: CleverObject) => Object.keys(user.roles as object);
const relationshipsOf = (user: CleverObject): DemoRelationship[] =>
  (user.roles as { contact?: { student_relationships: DemoRelationship[] } }).contact
    ?.student_relationships ?? [];

describe.skipIf(!hasDemo)(title, () => {
  let users: CleverObject[];
  let snapshot: Snapshot;
  let findings: FindingLog;

  beforeAll(() => {
    users = listed('v3.0-users.json');
    findings = new FindingLog();
    snapshot = mapCleverToSnapshot(
      // The recording has no schools, terms or courses: read as listings that stopped early,
      // so the schools users and sections name are inferred as orgs.
      {
        districts: listed('v3.0-districts.json'),
        schools: [],
        users,
        sections: listed('v3.0-sections.json'),
        terms: [],
        courses: [],
      },
      { partial: { schools: 'not recorded', terms: 'not recorded', courses: 'not recorded' } },
      { settings: cleverSettingsSchema.parse({}), phoneRegion: 'US', findings, apiVersion: 'v3.0' },
    );
  });

  it('holds 2098 users: 1004 students, 1002 contacts, 89 teachers, 3 district admins, one role each', () => {
    expect(users).toHaveLength(2098);
    const byRole = new Map<string, number>();
    for (const user of users)
      byRole.set(rolesOf(user).join('+'), (byRole.get(rolesOf(user).join('+')) ?? 0) + 1);
    expect(Object.fromEntries(byRole)).toEqual({
      student: 1004,
      contact: 1002,
      teacher: 89,
      district_admin: 3,
    });
    const types = new Map<string, number>();
    for (const relationship of users.flatMap(relationshipsOf)) {
      types.set(relationship.type, (types.get(relationship.type) ?? 0) + 1);
    }
    expect(Object.fromEntries(types)).toEqual({ Family: 536, Other: 241, 'Parent/Guardian': 227 });
    expect(new Set(users.flatMap(relationshipsOf).map((relationship) => relationship.relationship))).toEqual(
      new Set(['Other']),
    );
  });

  it('with default settings makes guardians of the Parent/Guardian contacts only', () => {
    const parentContacts = users.filter((user) =>
      relationshipsOf(user).some((relationship) => relationship.type === 'Parent/Guardian'),
    );
    const roles = new Map<string, number>();
    for (const person of snapshot.people.values()) {
      for (const role of person.roles)
        roles.set(`${role.role}:${role.kind}`, (roles.get(`${role.role}:${role.kind}`) ?? 0) + 1);
    }
    expect(parentContacts).toHaveLength(226);
    expect(Object.fromEntries(roles)).toEqual({
      'student:student': 1004,
      'staff:teacher': 89,
      'staff:district_admin': 3,
      // Every relationship in the recording is "Other".
      'guardian:other': 226,
    });
    expect(snapshot.people.size).toBe(1004 + 89 + 3 + 226);
    // Two of the 1002 contacts have two relationships; one of them has two Parent/Guardian ones.
    expect(snapshot.guardianLinks).toHaveLength(227);
    expect(snapshot.guardianLinks.every((link) => link.contactType === 'Parent/Guardian')).toBe(true);
    expect(findings.list()).toContainEqual(
      expect.objectContaining({
        code: 'CLEVER_CONTACTS_FILTERED',
        message: expect.stringContaining(
          '777 student relationships by contact type and 0 by relationship; 776 contacts',
        ),
      }),
    );
  });

  it('keys the contacts, none of which has a sis_id, by their email, and splits their names', () => {
    const guardianKeys = [...snapshot.people.values()]
      .filter((person) => person.roles.some((role) => role.role === 'guardian'))
      .map((person) => person.sisId);
    expect(guardianKeys.every((key) => key.startsWith('email:'))).toBe(true);
    const byCode = findings.counts();
    expect(byCode).toEqual({
      CLEVER_CONTACTS_FILTERED: 1,
      CLEVER_CONTACT_NAME_SPLIT: 1,
      CLEVER_CONTACT_KEY_DERIVED: 1,
      // A teacher whose sis_id is a student's (427165340): keyed by Clever id.
      CLEVER_SIS_ID_DUPLICATE: 1,
      // Two teachers' addresses are malformed ("hauc"k.…", "seth_schoen.example.org").
      EMAIL_INVALID: 2,
      // Recorded numbers such as "(128) 797-6594" have impossible area codes.
      PHONE_INVALID: 22,
    });
    expect(snapshot.people.get('603ebb2ab452fb006c763991')?.roles[0]?.kind).toBe('teacher');
    expect(findings.list()).toContainEqual(
      expect.objectContaining({ code: 'CLEVER_CONTACT_KEY_DERIVED', value: '226' }),
    );
  });

  it('maps the 378 sections with their homerooms, primary teachers and members', () => {
    const classes = [...snapshot.classes.values()];
    expect(classes).toHaveLength(378);
    expect(classes.filter((klass) => klass.classType === 'homeroom')).toHaveLength(59);
    const members = [...snapshot.enrollments.values()];
    expect(members.flatMap((group) => group.roles).filter((role) => role === 'student')).toHaveLength(8954);
    expect(members.flatMap((group) => group.roles).filter((role) => role === 'teacher')).toHaveLength(452);
    // One primary teacher per section: the `teacher` field.
    expect(members.flatMap((group) => group.isPrimary).filter(Boolean)).toHaveLength(378);
    expect(snapshot.unreadable).toEqual({ people: new Set(), classes: new Set(), enrollments: new Set() });
    expect([...snapshot.orgs.values()].map((org) => org.type).sort()).toEqual([
      'district',
      ...Array<string>(snapshot.orgs.size - 1).fill('school'),
    ]);
  });
});
