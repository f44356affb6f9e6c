import { describe, expect, it } from 'vitest';
import type { Grant, Principal } from '../principal.ts';
import { decidePermission } from './decide-permission.ts';
import { directoryActions, type DirectoryAction } from './directory-action.ts';
import type { PermissionFacts } from './permission-facts.ts';

const district = 'd-1';
const school = 's-1';
const otherSchool = 's-2';

const person = (grants: Grant[], personId = 'p-asker'): Principal => ({
  kind: 'person',
  districtId: district,
  personId,
  grants,
});

const classroomFacts = (isSynced: boolean, teaches: boolean): PermissionFacts => ({
  districtId: district,
  schoolIds: [school],
  classroom: { isSynced },
  asker: { isStaff: true, teachesClassroom: teaches },
});
const personFacts = (personId: string): PermissionFacts => ({
  districtId: district,
  schoolIds: [school],
  personId,
  asker: { isStaff: false, teachesClassroom: false },
});
const schoolFacts: PermissionFacts = { districtId: district, schoolIds: [school] };

type Row = [
  who: string,
  principal: Principal,
  action: DirectoryAction,
  facts: PermissionFacts,
  expected: string,
];

// expected: 'allowed' or the refusal code.
const table: Row[] = [
  ['district admin', person([{ role: 'district_admin' }]), 'sync.setEnabled', schoolFacts, 'allowed'],
  ['district admin', person([{ role: 'district_admin' }]), 'student.create', schoolFacts, 'allowed'],
  [
    'leader in school',
    person([{ role: 'school_leader', schoolId: school }]),
    'student.create',
    schoolFacts,
    'allowed',
  ],
  [
    'leader elsewhere',
    person([{ role: 'school_leader', schoolId: otherSchool }]),
    'student.create',
    schoolFacts,
    'NOT_PERMITTED',
  ],
  [
    'leader',
    person([{ role: 'school_leader', schoolId: school }]),
    'sync.setEnabled',
    schoolFacts,
    'NOT_PERMITTED',
  ],
  [
    'leader',
    person([{ role: 'school_leader', schoolId: school }]),
    'person.editContacts',
    personFacts('p-9'),
    'NOT_PERMITTED',
  ],
  [
    'rostering admin',
    person([{ role: 'rostering_admin', schoolId: school }]),
    'classroom.create',
    schoolFacts,
    'allowed',
  ],
  [
    'rostering admin (district)',
    person([{ role: 'rostering_admin', schoolId: null }]),
    'guardian.link',
    personFacts('p-9'),
    'allowed',
  ],
  [
    'rostering admin',
    person([{ role: 'rostering_admin', schoolId: school }]),
    'student.create',
    schoolFacts,
    'NOT_PERMITTED',
  ],
  [
    'rostering admin elsewhere',
    person([{ role: 'rostering_admin', schoolId: otherSchool }]),
    'classroom.create',
    schoolFacts,
    'NOT_PERMITTED',
  ],
  [
    'users manager',
    person([{ role: 'users_manager', schoolId: school }]),
    'person.editContacts',
    personFacts('p-9'),
    'allowed',
  ],
  [
    'users manager',
    person([{ role: 'users_manager', schoolId: null }]),
    'classroom.rename',
    classroomFacts(false, false),
    'NOT_PERMITTED',
  ],
  ['teacher of a synced classroom', person([]), 'classroom.rename', classroomFacts(true, true), 'allowed'],
  [
    'teacher of a synced classroom',
    person([]),
    'classroom.addTeacher',
    classroomFacts(true, true),
    'allowed',
  ],
  [
    'teacher of a synced classroom',
    person([]),
    'classroom.manageMembers',
    classroomFacts(true, true),
    'NOT_PERMITTED',
  ],
  [
    'teacher of a manual classroom',
    person([]),
    'classroom.manageMembers',
    classroomFacts(false, true),
    'allowed',
  ],
  [
    'teacher of a manual classroom',
    person([]),
    'classroom.archive',
    classroomFacts(false, true),
    'NOT_PERMITTED',
  ],
  [
    'teacher of a manual classroom',
    person([]),
    'classroom.edit',
    classroomFacts(false, true),
    'NOT_PERMITTED',
  ],
  ['not its teacher', person([]), 'classroom.rename', classroomFacts(false, false), 'NOT_PERMITTED'],
  [
    'a teacher member without a staff role',
    person([]),
    'classroom.rename',
    { ...classroomFacts(false, true), asker: { isStaff: false, teachesClassroom: true } },
    'NOT_PERMITTED',
  ],
  ['a person, own contacts', person([], 'p-self'), 'person.editContacts', personFacts('p-self'), 'allowed'],
  [
    'a person, another’s contacts',
    person([], 'p-self'),
    'person.editContacts',
    personFacts('p-other'),
    'NOT_PERMITTED',
  ],
  [
    'a person joining as themself',
    person([], 'p-self'),
    'guardian.joinWithCode',
    personFacts('p-self'),
    'allowed',
  ],
  [
    'a person joining for another',
    person([], 'p-self'),
    'guardian.joinWithCode',
    personFacts('p-other'),
    'NOT_PERMITTED',
  ],
  ['a person', person([], 'p-self'), 'student.archive', personFacts('p-self'), 'NOT_PERMITTED'],
  [
    'operator with directory:write',
    { kind: 'operator', districtId: district, tokenId: 't-1', scopes: ['directory:write'] },
    'classroom.create',
    schoolFacts,
    'allowed',
  ],
  [
    'operator with directory:read',
    { kind: 'operator', districtId: district, tokenId: 't-1', scopes: ['directory:read'] },
    'classroom.create',
    schoolFacts,
    'OPERATOR_SCOPE_MISSING',
  ],
  [
    'operator with directory:write only',
    { kind: 'operator', districtId: district, tokenId: 't-1', scopes: ['directory:write'] },
    'sync.setEnabled',
    schoolFacts,
    'OPERATOR_SCOPE_MISSING',
  ],
  ['system', { kind: 'system', districtId: district }, 'sync.setEnabled', schoolFacts, 'allowed'],
  [
    'district admin of another district',
    { kind: 'person', districtId: 'd-2', personId: 'p-x', grants: [{ role: 'district_admin' }] },
    'classroom.rename',
    classroomFacts(false, false),
    'OTHER_DISTRICT',
  ],
  [
    'system of another district',
    { kind: 'system', districtId: 'd-2' },
    'student.create',
    schoolFacts,
    'OTHER_DISTRICT',
  ],
];

describe('decidePermission (SPEC §7)', () => {
  it.each(table)('%s: %s → %s', (_who, principal, action, facts, expected) => {
    const decision = decidePermission(principal, action, facts);
    expect(decision.allowed ? 'allowed' : decision.code).toBe(expected);
    expect(decision.rule.length).toBeGreaterThan(5);
  });

  it('names who may in a refusal', () => {
    const decision = decidePermission(person([]), 'classroom.manageMembers', classroomFacts(true, true));
    expect(decision).toEqual({
      allowed: false,
      code: 'NOT_PERMITTED',
      rule: 'SPEC §7: classroom.manageMembers is for a district admin, a leader of the school, a rostering admin of the school or a teacher of the classroom when it is not synced',
    });
  });

  it('lets a district admin and the system do every action, and nobody without a right', () => {
    for (const action of directoryActions) {
      expect(decidePermission(person([{ role: 'district_admin' }]), action, schoolFacts).allowed).toBe(true);
      expect(decidePermission({ kind: 'system', districtId: district }, action, schoolFacts).allowed).toBe(
        true,
      );
      expect(decidePermission(person([]), action, schoolFacts).allowed).toBe(false);
    }
  });
});
