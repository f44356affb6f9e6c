import { describe, expect, it } from 'vitest';
import { FindingLog } from '../findings/finding-log.ts';
import { roleKey, type RoleRecord } from './directory-view.ts';
import { matchStudentsByNumber, rekeyStudents } from './match-students-by-number.ts';

function stored(...students: [sisId: string, number: string | null][]): Map<string, RoleRecord> {
  return new Map(
    students.map(([sisId, studentNumber], i) => [
      roleKey('student', sisId),
      {
        roleId: `role-${i}`,
        personId: `person-${i}`,
        role: 'student',
        sisId,
        sourceHash: 'h',
        linksHash: null,
        isArchived: false,
        isPersonArchived: false,
        studentNumber,
      },
    ]),
  );
}

function match(
  students: [sisId: string, number: string | null][],
  roles: Map<string, RoleRecord>,
): { withheld: string[]; rekeys: Record<string, string>; codes: string[] } {
  const findings = new FindingLog();
  const result = matchStudentsByNumber(
    students.map(([sisId, studentNumber]) => ({ sisId, studentNumber })),
    roles,
    findings,
  );
  return {
    withheld: [...result.withheld].sort(),
    rekeys: Object.fromEntries([...result.rekeys].map(([sisId, record]) => [sisId, record.sisId])),
    codes: findings.list().map((finding) => finding.code),
  };
}

describe('matchStudentsByNumber', () => {
  it.each([
    {
      case: 'same number, same SIS id: nothing to do',
      students: [['A', 'N1']],
      roles: [['A', 'N1']],
      expected: { withheld: [], rekeys: {}, codes: [] },
    },
    {
      case: 'same number, new SIS id: re-keyed',
      students: [['B', 'N1']],
      roles: [['A', 'N1']],
      expected: { withheld: [], rekeys: { B: 'A' }, codes: ['STUDENT_REKEYED'] },
    },
    {
      case: 'two stored students swap SIS ids: both kept as they are',
      students: [
        ['A', 'N2'],
        ['B', 'N1'],
      ],
      roles: [
        ['A', 'N1'],
        ['B', 'N2'],
      ],
      expected: {
        withheld: ['A', 'B'],
        rekeys: {},
        codes: ['STUDENT_ID_CONFLICT', 'STUDENT_ID_CONFLICT'],
      },
    },
    {
      case: 'a new number on a known SIS id nobody else claims: the same student (an update)',
      students: [['A', 'N9']],
      roles: [['A', 'N1']],
      expected: { withheld: [], rekeys: {}, codes: [] },
    },
    {
      case: "a new number on a SIS id whose number moved to another student: the SIS id can't be both",
      students: [
        ['A', 'N9'],
        ['C', 'N1'],
      ],
      roles: [['A', 'N1']],
      expected: { withheld: ['A'], rekeys: { C: 'A' }, codes: ['STUDENT_ID_CONFLICT', 'STUDENT_REKEYED'] },
    },
    {
      case: 'no number',
      students: [['A', null]],
      roles: [['A', 'N1']],
      expected: { withheld: ['A'], rekeys: {}, codes: ['STUDENT_NUMBER_MISSING'] },
    },
    {
      case: 'a number two students share',
      students: [
        ['A', 'N1'],
        ['B', 'N1'],
      ],
      roles: [],
      expected: {
        withheld: ['A', 'B'],
        rekeys: {},
        codes: ['STUDENT_NUMBER_DUPLICATE', 'STUDENT_NUMBER_DUPLICATE'],
      },
    },
    {
      case: 'a number several stored students share',
      students: [['C', 'N1']],
      roles: [
        ['A', 'N1'],
        ['B', 'N1'],
      ],
      expected: { withheld: ['C'], rekeys: {}, codes: ['STUDENT_ID_CONFLICT'] },
    },
  ] as const)('$case', ({ students, roles, expected }) => {
    const result = match(
      students.map(([a, b]) => [a, b]),
      stored(...roles.map(([a, b]) => [a, b] as [string, string])),
    );
    expect({ withheld: result.withheld, rekeys: result.rekeys }).toEqual({
      withheld: expected.withheld,
      rekeys: expected.rekeys,
    });
    expect([...result.codes].sort()).toEqual([...expected.codes].sort());
  });

  it('rekeyStudents files the stored role under its new SIS id, remembering the old one', () => {
    const roles = stored(['A', 'N1']);
    const findings = new FindingLog();
    const { rekeys } = matchStudentsByNumber([{ sisId: 'B', studentNumber: 'N1' }], roles, findings);
    rekeyStudents(roles, rekeys);
    expect(roles.has(roleKey('student', 'A'))).toBe(false);
    expect(roles.get(roleKey('student', 'B'))).toMatchObject({
      sisId: 'B',
      previousSisId: 'A',
      roleId: 'role-0',
    });
  });
});
