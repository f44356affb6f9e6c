import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from './generate-bundle.ts';
import { readBundleCsv } from './read-bundle-csv.ts';

interface CleverUser {
  id: string;
  email: string;
  name: { first?: string; last: string; middle?: string };
  roles: Record<string, Record<string, unknown>>;
}
interface CleverSection {
  id: string;
  school: string;
  course: string;
  term_id: string;
  students: string[];
  teachers: string[];
  teacher: string;
  subject: string;
}
interface CleverData {
  districts: { id: string }[];
  schools: { id: string }[];
  users: CleverUser[];
  sections: CleverSection[];
  terms: { id: string }[];
  courses: { id: string }[];
  events: unknown[];
}

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-clever-'));
let data: CleverData;
let usersCsv: Record<string, string>[];

beforeAll(async () => {
  await generateBundle({ students: 1000, seed: 9, outDir: path.join(root, 'clever'), format: 'clever-json' });
  await generateBundle({ students: 1000, seed: 9, outDir: path.join(root, '1.1') });
  data = JSON.parse(readFileSync(path.join(root, 'clever', 'clever.json'), 'utf8')) as CleverData;
  usersCsv = readBundleCsv(path.join(root, '1.1'), 'users.csv').rows;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const roleOf = (user: CleverUser) => Object.keys(user.roles)[0]!;

describe('writeCleverJson', () => {
  it('writes the fake Clever server data file with its seven arrays', () => {
    expect(Object.keys(data)).toEqual([
      'districts',
      'schools',
      'users',
      'sections',
      'terms',
      'courses',
      'events',
    ]);
    expect(data.districts).toHaveLength(1);
    expect(data.events).toEqual([]);
    const ids = [data.districts, data.schools, data.users, data.sections, data.terms, data.courses]
      .flat()
      .map((o) => o.id);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds the roster of the same seed, each user with one Clever role', () => {
    expect(data.users).toHaveLength(usersCsv.length);
    expect(data.sections).toHaveLength(readBundleCsv(path.join(root, '1.1'), 'classes.csv').rows.length);
    expect(data.users.every((user) => Object.keys(user.roles).length === 1)).toBe(true);
    expect(new Set(data.users.map(roleOf))).toEqual(
      new Set(['student', 'teacher', 'staff', 'district_admin', 'contact']),
    );
    const student = data.users.find((user) => roleOf(user) === 'student')!;
    expect(student.roles.student).toMatchObject({
      sis_id: expect.stringMatching(/^0\d{6}$/),
      school: expect.any(String),
    });
  });

  it('gives contacts their full name in name.last and relationships to existing students', () => {
    const studentIds = new Set(
      data.users.filter((user) => roleOf(user) === 'student').map((user) => user.id),
    );
    const contacts = data.users.filter((user) => roleOf(user) === 'contact');
    const linked = new Set<string>();
    for (const contact of contacts) {
      expect(contact.name.first).toBeUndefined();
      expect(contact.name.last).toContain(' ');
      const relationships = contact.roles.contact!.student_relationships as {
        student: string;
        type: string;
      }[];
      for (const relationship of relationships) {
        expect(studentIds.has(relationship.student)).toBe(true);
        linked.add(relationship.student);
      }
    }
    expect(linked).toEqual(studentIds);
    expect(contacts.some((contact) => contact.roles.contact!.sis_id === '')).toBe(true);
  });

  it('lists existing students and teachers in sections, the primary teacher among them', () => {
    const byId = new Map(data.users.map((user) => [user.id, user]));
    const schools = new Set(data.schools.map((school) => school.id));
    const courses = new Set(data.courses.map((course) => course.id));
    const terms = new Set(data.terms.map((term) => term.id));
    for (const section of data.sections) {
      expect(schools.has(section.school) && courses.has(section.course) && terms.has(section.term_id)).toBe(
        true,
      );
      expect(section.students.every((id) => roleOf(byId.get(id)!) === 'student')).toBe(true);
      expect(section.teachers.every((id) => roleOf(byId.get(id)!) === 'teacher')).toBe(true);
      expect(section.teachers[0]).toBe(section.teacher);
    }
    expect(data.sections.some((section) => section.subject === 'homeroom/advisory')).toBe(true);
  });
});
