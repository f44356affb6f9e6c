import { describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot } from '../../roster/snapshot.ts';
import { cleverSettingsSchema } from '../../sync/clever-settings.ts';
import type { CleverObject, CleverReadState, CleverRecords } from './clever-records.ts';
import { mapCleverToSnapshot } from './map-clever-to-snapshot.ts';

const district = { id: 'd1', name: 'Springfield USD' };
const schools = [
  { id: 'sch1', district: 'd1', name: 'Lincoln Elementary', sis_id: '101' },
  { id: 'sch2', district: 'd1', name: 'Adams Middle', sis_id: '102' },
];

function student(id: string, sisId: string, extra: Record<string, unknown> = {}): CleverObject {
  return {
    id,
    district: 'd1',
    email: `${id}@students.example.org`,
    name: { first: 'Stu', middle: 'D', last: `Dent-${id}` },
    roles: {
      student: {
        sis_id: sisId,
        student_number: `N${sisId}`,
        state_id: `ST${sisId}`,
        grade: '3',
        school: 'sch1',
        schools: ['sch1'],
        ...extra,
      },
    },
  };
}

function contact(
  id: string,
  role: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CleverObject {
  return {
    id,
    district: 'd1',
    email: `${id}@family.example.org`,
    name: { last: 'Jane Q. Doe' },
    roles: {
      contact: {
        phone: '(212) 867-5309',
        phone_type: 'Cell',
        sis_id: `C-${id}`,
        student_relationships: [{ student: 'u-s1', relationship: 'Parent', type: 'Parent/Guardian' }],
        ...role,
      },
    },
    ...extra,
  };
}

const baseUsers: CleverObject[] = [student('u-s1', 'S1'), student('u-s2', 'S2')];

function map(
  records: Partial<CleverRecords>,
  settings: Record<string, unknown> = {},
  read: CleverReadState = { partial: {} },
  apiVersion: 'v3.0' | 'v3.1' = 'v3.0',
): { snapshot: Snapshot; findings: FindingLog } {
  const findings = new FindingLog();
  const snapshot = mapCleverToSnapshot(
    {
      districts: [district],
      schools,
      users: baseUsers,
      sections: [],
      terms: [],
      courses: [],
      ...records,
    },
    read,
    { settings: cleverSettingsSchema.parse(settings), phoneRegion: 'US', findings, apiVersion },
  );
  return { snapshot, findings };
}

const codes = (findings: FindingLog): string[] => findings.list().map((finding) => finding.code);

describe('mapCleverToSnapshot: orgs, students and staff', () => {
  it('maps the district and its schools, keyed by Clever id', () => {
    const { snapshot } = map({});
    expect([...snapshot.orgs.values()]).toEqual([
      { sisId: 'd1', name: 'Springfield USD', type: 'district', parentSisId: null },
      { sisId: 'sch1', name: 'Lincoln Elementary', type: 'school', parentSisId: 'd1' },
      { sisId: 'sch2', name: 'Adams Middle', type: 'school', parentSisId: 'd1' },
    ]);
    expect(snapshot.source).toEqual({ kind: 'clever', version: 'v3.0' });
  });

  it('keys a student by sis_id and maps numbers, CEDS grade, email and names', () => {
    const { snapshot, findings } = map({
      users: [
        student('u-s1', 'S1', { grade: 'Kindergarten' }),
        student('u-s2', 'S2', { grade: 'PreKindergarten' }),
      ],
    });
    expect(snapshot.people.get('S1')).toEqual({
      sisId: 'S1',
      roles: [{ role: 'student', kind: 'student', orgSisIds: ['sch1'] }],
      givenName: 'Stu',
      middleName: 'D',
      familyName: 'Dent-u-s1',
      email: 'u-s1@students.example.org',
      mobile: undefined,
      homePhone: undefined,
      language: undefined,
      studentNumber: 'NS1',
      stateId: 'STS1',
      grade: 'KG',
      agentSisIds: [],
    });
    expect(snapshot.people.get('S2')?.grade).toBe('PK');
    expect(findings.list()).toEqual([]);
  });

  it('places a student in the primary school only, or in every school with schoolScope all', () => {
    const twoSchools = student('u-s3', 'S3', { school: 'sch2', schools: ['sch1', 'sch2'] });
    const primary = map({ users: [twoSchools] }).snapshot.people.get('S3');
    expect(primary?.roles[0]?.orgSisIds).toEqual(['sch2']);
    const all = map({ users: [twoSchools] }, { schoolScope: 'all' }).snapshot.people.get('S3');
    expect(all?.roles[0]?.orgSisIds).toEqual(['sch2', 'sch1']);
  });

  it('maps teachers and staff to staff roles and district admins to district-level staff', () => {
    const { snapshot, findings } = map({
      users: [
        {
          id: 'u-t1',
          email: 'Teach@Example.org',
          name: { first: 'Tea', last: 'Cher' },
          roles: { teacher: { sis_id: 'T1', school: 'sch1', schools: ['sch1', 'sch2'], state_id: 'E1' } },
        },
        {
          id: 'u-a1',
          name: { first: 'Ai', last: 'De' },
          roles: { staff: { staff_id: 'A1', schools: ['sch2'], title: 'Aide' } },
        },
        {
          id: 'u-da',
          district: 'd1',
          name: { first: 'Di', last: 'Rector' },
          roles: { district_admin: { title: '' } },
        },
      ],
    });
    expect(snapshot.people.get('T1')?.roles).toEqual([
      { role: 'staff', kind: 'teacher', orgSisIds: ['sch1', 'sch2'] },
    ]);
    expect(snapshot.people.get('T1')).toMatchObject({
      email: 'teach@example.org',
      stateId: 'E1',
      studentNumber: null,
    });
    expect(snapshot.people.get('A1')?.roles).toEqual([{ role: 'staff', kind: 'aide', orgSisIds: ['sch2'] }]);
    // Clever admins have no SIS id: the Clever id is their key.
    expect(snapshot.people.get('u-da')?.roles).toEqual([
      { role: 'staff', kind: 'district_admin', orgSisIds: ['d1'] },
    ]);
    expect(codes(findings)).toEqual([]);
  });

  it('keys a user without sis_id by its Clever id and says so', () => {
    const { snapshot, findings } = map({
      users: [
        {
          id: 'u-t2',
          name: { first: 'No', last: 'Id' },
          roles: { teacher: { school: 'sch1', schools: [] } },
        },
      ],
    });
    expect(snapshot.people.get('u-t2')?.roles[0]?.kind).toBe('teacher');
    expect(codes(findings)).toEqual(['CLEVER_SIS_ID_MISSING']);
  });

  it('reports an invalid email and leaves the email undefined (the directory keeps its own)', () => {
    const { snapshot, findings } = map({ users: [{ ...student('u-s1', 'S1'), email: 'not an email' }] });
    expect(snapshot.people.get('S1')?.email).toBeUndefined();
    expect(findings.list()).toEqual([
      expect.objectContaining({ code: 'EMAIL_INVALID', sisId: 'S1', value: 'not an email' }),
    ]);
  });

  it('reports records missing what they need with their Clever id, and never throws', () => {
    const { snapshot, findings } = map({
      users: [
        { name: { first: 'No', last: 'Id' }, roles: { student: { sis_id: 'S9' } } },
        { id: 'u-x', name: { first: 'No', last: 'Role' }, roles: {} },
        { id: 'u-s9', roles: { student: { sis_id: 'S9', schools: [] } } },
        { id: 'u-weird', roles: 'student' },
        null as unknown as CleverObject,
      ],
      sections: [{ id: 'sec-x', name: 'No school' }],
    });
    expect(snapshot.people.size).toBe(0);
    expect(snapshot.unreadable.people).toEqual(new Set(['S9']));
    expect(snapshot.unreadable.classes).toEqual(new Set(['sec-x']));
    // Users without an id cannot be protected one by one: removals of their types wait.
    expect(snapshot.completeness.students).toBe('partial');
    expect(codes(findings).every((code) => code === 'CLEVER_RECORD_INVALID')).toBe(true);
    expect(findings.list().map((finding) => finding.sisId ?? finding.value)).toEqual([
      '0',
      'u-x',
      'u-weird',
      '4',
      'S9',
      'sec-x',
    ]);
  });

  it('keys the later of two users with one SIS id by its Clever id, and reports it', () => {
    const { snapshot, findings } = map({
      users: [
        student('u-s1', 'S1'),
        { id: 'u-t1', name: { first: 'T', last: 'T' }, roles: { teacher: { sis_id: 'S1', school: 'sch1' } } },
      ],
    });
    expect(snapshot.people.get('S1')?.roles[0]?.role).toBe('student');
    expect(snapshot.people.get('u-t1')?.roles[0]?.kind).toBe('teacher');
    expect(findings.list()).toEqual([
      expect.objectContaining({ code: 'CLEVER_SIS_ID_DUPLICATE', sisId: 'S1', value: 'u-t1' }),
    ]);
  });
});

describe('mapCleverToSnapshot: contacts', () => {
  it('makes a contact a guardian with a link, an E.164 mobile and a split name', () => {
    const { snapshot, findings } = map({ users: [...baseUsers, contact('u-c1', {})] });
    expect(snapshot.people.get('C-u-c1')).toMatchObject({
      roles: [{ role: 'guardian', kind: 'parent', orgSisIds: [] }],
      givenName: 'Jane',
      middleName: 'Q.',
      familyName: 'Doe',
      email: 'u-c1@family.example.org',
      mobile: '+12128675309',
    });
    expect(snapshot.guardianLinks).toEqual([
      { guardianSisId: 'C-u-c1', studentSisId: 'S1', relationship: 'Parent', contactType: 'Parent/Guardian' },
    ]);
    expect(findings.list()).toEqual([
      expect.objectContaining({
        code: 'CLEVER_CONTACT_NAME_SPLIT',
        value: '1',
        message: expect.stringContaining('"Jane Q. Doe" → given "Jane", middle "Q.", family "Doe"'),
      }),
    ]);
  });

  it('makes a teacher who is also a contact one person with both roles', () => {
    const teacherParent: CleverObject = {
      id: 'u-tp',
      email: 'pat@example.org',
      name: { first: 'Pat', last: 'Lee' },
      roles: {
        teacher: { sis_id: 'T7', school: 'sch2', schools: ['sch2'] },
        contact: {
          phone: '',
          phone_type: '',
          sis_id: 'C7',
          student_relationships: [{ student: 'u-s2', relationship: 'Parent', type: 'Parent/Guardian' }],
        },
      },
    };
    const { snapshot } = map({ users: [...baseUsers, teacherParent] });
    const person = snapshot.people.get('T7');
    expect(person?.roles).toEqual([
      { role: 'staff', kind: 'teacher', orgSisIds: ['sch2'] },
      { role: 'guardian', kind: 'parent', orgSisIds: [] },
    ]);
    // A staff member's name is in first and last: nothing to split.
    expect(person).toMatchObject({ givenName: 'Pat', familyName: 'Lee', mobile: null });
    expect(snapshot.people.has('C7')).toBe(false);
    expect(snapshot.guardianLinks).toEqual([
      { guardianSisId: 'T7', studentSisId: 'S2', relationship: 'Parent', contactType: 'Parent/Guardian' },
    ]);
  });

  it('keys a contact without sis_id by email, else mobile, else name and student, and merges repeats', () => {
    const users = [
      ...baseUsers,
      contact('u-c1', { sis_id: '' }),
      // The same parent listed again for the other child, with a new Clever id.
      contact(
        'u-c1b',
        {
          sis_id: '',
          student_relationships: [{ student: 'u-s2', relationship: 'Parent', type: 'Parent/Guardian' }],
        },
        { email: 'U-C1@family.example.org' },
      ),
      contact('u-c2', { sis_id: '' }, { email: '' }),
      contact('u-c3', { sis_id: '', phone: '' }, { email: '', name: { last: 'Doe, John' } }),
    ];
    const { snapshot, findings } = map({ users });
    expect([...snapshot.people.keys()]).toEqual([
      'S1',
      'S2',
      'email:u-c1@family.example.org',
      // u-c2 has the same phone as u-c1 but no email.
      'mobile:+12128675309',
      'name:doe|john|S1',
    ]);
    expect(snapshot.guardianLinks.map((link) => `${link.guardianSisId}>${link.studentSisId}`)).toEqual([
      'email:u-c1@family.example.org>S1',
      'email:u-c1@family.example.org>S2',
      'mobile:+12128675309>S1',
      'name:doe|john|S1>S1',
    ]);
    expect(findings.list()).toContainEqual(
      expect.objectContaining({
        code: 'CLEVER_CONTACT_KEY_DERIVED',
        value: '4',
        message: expect.stringContaining('1 of them share a key with an earlier contact'),
      }),
    );
  });

  it('keys a contact with nothing to derive a key from by its Clever id', () => {
    const bare = contact(
      'u-c4',
      { sis_id: '', phone: '', student_relationships: [] },
      { email: '', name: {} },
    );
    const { findings } = map({ users: [...baseUsers, bare] });
    expect(codes(findings)).toContain('CLEVER_SIS_ID_MISSING');
  });

  it('filters links by contact type (default Parent/Guardian) and counts what it left out once', () => {
    const users = [
      ...baseUsers,
      contact('u-c1', {
        student_relationships: [
          { student: 'u-s1', relationship: 'Parent', type: 'Parent/Guardian' },
          { student: 'u-s2', relationship: 'Aunt/Uncle', type: 'Emergency' },
        ],
      }),
      contact('u-c2', {
        student_relationships: [{ student: 'u-s1', relationship: 'Other', type: 'Family' }],
      }),
    ];
    const { snapshot, findings } = map({ users });
    expect(snapshot.guardianLinks.map((link) => link.guardianSisId)).toEqual(['C-u-c1']);
    // A contact left with no link is no guardian at all.
    expect(snapshot.people.has('C-u-c2')).toBe(false);
    const filtered = findings.list().filter((finding) => finding.code === 'CLEVER_CONTACTS_FILTERED');
    expect(filtered).toEqual([
      expect.objectContaining({
        value: '1',
        message: expect.stringContaining(
          '2 student relationships by contact type and 0 by relationship; 1 contacts',
        ),
      }),
    ]);
  });

  it('filters links by relationship without regard to case', () => {
    const users = [
      ...baseUsers,
      contact('u-c1', {
        student_relationships: [{ student: 'u-s1', relationship: 'PARENT', type: 'Emergency' }],
      }),
      contact('u-c2', {
        student_relationships: [{ student: 'u-s1', relationship: 'Grandparent', type: 'Emergency' }],
      }),
    ];
    const { snapshot } = map(
      { users },
      { contactTypes: ['Parent/Guardian', 'emergency'], relationships: ['parent'] },
    );
    expect(snapshot.guardianLinks).toEqual([
      { guardianSisId: 'C-u-c1', studentSisId: 'S1', relationship: 'PARENT', contactType: 'Emergency' },
    ]);
    expect(snapshot.people.get('C-u-c1')?.roles[0]?.kind).toBe('parent');
    expect(snapshot.people.has('C-u-c2')).toBe(false);
  });

  it('uses the phone only when its type is one the phoneTypes setting names', () => {
    const users = [
      ...baseUsers,
      contact('u-c1', { phone_type: 'Home' }),
      contact('u-c2', { phone_type: 'Cell', phone: '12345' }),
    ];
    const all = map({ users });
    expect(all.snapshot.people.get('C-u-c1')?.mobile).toBe('+12128675309');
    // Invalid: reported, undefined, so the directory keeps the number it has.
    expect(all.snapshot.people.get('C-u-c2')?.mobile).toBeUndefined();
    expect(all.findings.list()).toContainEqual(
      expect.objectContaining({ code: 'PHONE_INVALID', sisId: 'C-u-c2' }),
    );
    const cellOnly = map({ users }, { phoneTypes: ['Cell'] });
    // A number of a type left out: the source has no mobile the config uses.
    expect(cellOnly.snapshot.people.get('C-u-c1')?.mobile).toBeNull();
    expect(cellOnly.findings.list()).toContainEqual(
      expect.objectContaining({
        code: 'CLEVER_CONTACTS_FILTERED',
        message: expect.stringContaining('1 phone numbers were left out by phone type'),
      }),
    );
  });

  it('reports a link to a student the users listing does not hold, and keeps a link to an invalid student safe', () => {
    const users = [
      student('u-s1', 'S1', { school: null, schools: [] }),
      contact('u-c1', {
        student_relationships: [
          { student: 'u-s1', relationship: 'Parent', type: 'Parent/Guardian' },
          { student: 'u-gone', relationship: 'Parent', type: 'Parent/Guardian' },
        ],
      }),
    ];
    const { snapshot, findings } = map({ users });
    expect(snapshot.guardianLinks).toEqual([]);
    // Its student could not be used: the guardian is kept as it is.
    expect(snapshot.unreadable.people).toEqual(new Set(['S1', 'C-u-c1']));
    expect(codes(findings)).toEqual(
      expect.arrayContaining(['CLEVER_RECORD_INVALID', 'CLEVER_REFERENCE_UNKNOWN']),
    );
  });
});

describe('mapCleverToSnapshot: sections, terms and courses', () => {
  const teachers: CleverObject[] = [
    { id: 'u-t1', name: { first: 'A', last: 'One' }, roles: { teacher: { sis_id: 'T1', school: 'sch1' } } },
    { id: 'u-t2', name: { first: 'B', last: 'Two' }, roles: { teacher: { sis_id: 'T2', school: 'sch1' } } },
  ];
  const section = {
    id: 'sec1',
    school: 'sch1',
    name: 'Math 3 - One - Period 2',
    subject: 'math',
    grade: '3',
    period: '2',
    term_id: 'term1',
    course: 'course1',
    sis_id: 'SEC-1',
    section_number: '7',
    students: ['u-s1', 'u-s2'],
    teachers: ['u-t2', 'u-t1'],
    teacher: 'u-t1',
  };

  it('maps a section with a primary teacher and a co-teacher', () => {
    const { snapshot, findings } = map({
      users: [...baseUsers, ...teachers],
      sections: [section],
      terms: [{ id: 'term1', name: 'Fall' }],
      courses: [{ id: 'course1', name: 'Math 3', number: 'M3' }],
    });
    expect(snapshot.classes.get('sec1')).toEqual({
      sisId: 'sec1',
      title: 'Math 3 - One - Period 2',
      schoolSisId: 'sch1',
      grades: ['03'],
      subjects: ['math'],
      periods: ['2'],
      classType: 'scheduled',
      classCode: '7',
      location: null,
      courseSisId: 'course1',
      termSisIds: ['term1'],
    });
    expect(snapshot.enrollments.get('sec1')).toEqual({
      userSisIds: ['S1', 'S2', 'T2', 'T1'],
      roles: ['student', 'student', 'teacher', 'teacher'],
      isPrimary: [false, false, false, true],
    });
    expect(snapshot.academicSessions.get('term1')).toEqual({ sisId: 'term1', title: 'Fall', type: 'term' });
    expect(snapshot.courses.get('course1')).toEqual({ sisId: 'course1', title: 'Math 3' });
    expect(findings.list()).toEqual([]);
  });

  it('marks a homeroom/advisory section a homeroom', () => {
    const homeroom = { ...section, subject: 'homeroom/advisory', section_number: '', grade: 'Kindergarten' };
    const { snapshot } = map({ users: [...baseUsers, ...teachers], sections: [homeroom] });
    expect(snapshot.classes.get('sec1')).toMatchObject({
      classType: 'homeroom',
      classCode: 'SEC-1',
      grades: ['KG'],
    });
  });

  it('maps v3.1 sections as v3.0 ones, and a section without teacher has no primary', () => {
    const { teacher: _primary, ...withoutPrimary } = section;
    const { snapshot } = map(
      { users: [...baseUsers, ...teachers], sections: [withoutPrimary] },
      {},
      { partial: {} },
      'v3.1',
    );
    expect(snapshot.source.version).toBe('v3.1');
    expect(snapshot.enrollments.get('sec1')?.isPrimary).toEqual([false, false, false, false]);
  });

  it('reports a member the users listing does not hold, and protects the membership of an invalid user', () => {
    const users = [...baseUsers, { id: 'u-t1', roles: { teacher: { sis_id: 'T1' } } }];
    const { snapshot, findings } = map({ users, sections: [{ ...section, students: ['u-s1', 'u-nobody'] }] });
    expect(snapshot.enrollments.get('sec1')?.userSisIds).toEqual(['S1']);
    expect(snapshot.unreadable.enrollments).toEqual(new Set(['sec1\u0000T1']));
    expect(findings.list()).toContainEqual(
      expect.objectContaining({ code: 'CLEVER_REFERENCE_UNKNOWN', sisId: 'sec1', value: 'u-nobody' }),
    );
  });
});

describe('mapCleverToSnapshot: listings that stopped early', () => {
  it('marks what a partial users listing feeds partial, and reports no unknown members', () => {
    const { snapshot, findings } = map(
      {
        users: [student('u-s1', 'S1')],
        sections: [{ id: 'sec1', school: 'sch1', students: ['u-s1', 'u-s2'] }],
      },
      {},
      { partial: { users: 'page 3 failed: HTTP 502' } },
    );
    expect(snapshot.completeness).toEqual({
      students: 'partial',
      staff: 'partial',
      guardians: 'partial',
      classrooms: 'complete',
      memberships: 'partial',
      guardianLinks: 'partial',
    });
    expect(snapshot.partialReasons.students).toBe(
      'the Clever users listing stopped early: page 3 failed: HTTP 502',
    );
    expect(codes(findings)).toEqual([]);
  });

  it('marks classrooms and memberships partial for a partial sections listing', () => {
    const { snapshot } = map({}, {}, { partial: { sections: 'timed out' } });
    expect(snapshot.completeness.classrooms).toBe('partial');
    expect(snapshot.completeness.memberships).toBe('partial');
    expect(snapshot.completeness.students).toBe('complete');
  });

  it('infers the schools people and classes name when the schools listing stopped early', () => {
    const { snapshot } = map(
      { schools: [], users: [student('u-s1', 'S1')], sections: [{ id: 'sec1', school: 'sch2' }] },
      {},
      { partial: { schools: 'HTTP 500' } },
    );
    expect([...snapshot.orgs.keys()]).toEqual(['d1', 'sch2', 'sch1']);
  });
});
