import { describe, expect, it } from 'vitest';
import type { EntityType } from '../roster/snapshot.ts';
import type { ChangeAction } from '../sync/plan.ts';
import type { AuditChange } from './audit-change.ts';
import { conflictBetween } from './conflict-between.ts';

function change(
  entity: EntityType,
  action: ChangeAction,
  ids: { recordId: string; relatedId?: string | null },
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditChange {
  return {
    id: '1',
    entity,
    action,
    recordId: ids.recordId,
    relatedId: ids.relatedId ?? null,
    sisId: null,
    before,
    after,
    at: '2026-09-01T00:00:00.000Z',
    actor: { type: 'run', runId: 'later-run', personId: null },
  };
}

const ava = { recordId: 'person-ava', relatedId: 'role-ava' };
const avaAsGuardian = { recordId: 'person-ava', relatedId: 'role-ava-guardian' };

describe('conflictBetween', () => {
  it('collides on the same field of the same person, even through another of their roles', () => {
    const target = change(
      'students',
      'update',
      ava,
      { email: 'a@x.org', grade: '03' },
      { email: 'b@x.org', grade: '04' },
    );
    const later = change('guardians', 'update', avaAsGuardian, { email: 'b@x.org' }, { email: 'c@x.org' });
    expect(conflictBetween(target, later)).toEqual({ field: 'email', isWholeChange: false });
  });

  it('does not collide on other fields of the same record', () => {
    const target = change('students', 'update', ava, { familyName: 'Nguyễn' }, { familyName: 'Tran' });
    const later = change(
      'students',
      'update',
      ava,
      { email: 'b@x.org', grade: '04' },
      { email: 'c@x.org', grade: '05' },
    );
    expect(conflictBetween(target, later)).toBeNull();
  });

  it('does not take role fields of different roles of one person for the same field', () => {
    const target = change('students', 'update', ava, { kind: null }, { kind: 'student' });
    const later = change('guardians', 'update', avaAsGuardian, { kind: 'parent' }, { kind: 'guardian' });
    expect(conflictBetween(target, later)).toBeNull();
  });

  it('collides with a later archive or revival of the same role, whatever the fields', () => {
    const target = change('students', 'update', ava, { grade: '03' }, { grade: '04' });
    expect(
      conflictBetween(target, change('students', 'archive', ava, { archived: false }, { archived: true })),
    ).toEqual({ field: 'archived', isWholeChange: true });
    const archived = change('students', 'archive', ava, { archived: false }, { archived: true });
    expect(
      conflictBetween(archived, change('students', 'update', ava, { grade: '04' }, { grade: '05' })),
    ).toEqual({
      field: 'grade',
      isWholeChange: true,
    });
  });

  it('collides with any later change of the same membership', () => {
    const membership = { recordId: 'class-c2', relatedId: 'person-ava' };
    const added = change('memberships', 'add', membership, null, { role: 'student', isPrimary: false });
    const updated = change(
      'memberships',
      'update',
      membership,
      { role: 'student', isPrimary: false },
      { role: 'aide', isPrimary: false },
    );
    expect(conflictBetween(added, updated)).toEqual({ field: 'role', isWholeChange: true });
    expect(conflictBetween(updated, { ...updated, id: '2' })).toEqual({ field: 'role', isWholeChange: true });
    const other = change(
      'memberships',
      'remove',
      { recordId: 'class-c2', relatedId: 'person-liam' },
      { role: 'student', isPrimary: false },
      null,
    );
    expect(conflictBetween(added, other)).toBeNull();
  });

  it('collides when a later run attached a membership or link to a record the rollback would archive', () => {
    const createdStudent = change('students', 'create', ava, null, { givenName: 'Ava', role: 'student' });
    const enrolled = change('memberships', 'add', { recordId: 'class-c2', relatedId: 'person-ava' }, null, {
      role: 'student',
      isPrimary: false,
    });
    const linked = change('guardianLinks', 'add', { recordId: 'person-hoa', relatedId: 'person-ava' }, null, {
      relationship: 'parent',
    });
    expect(conflictBetween(createdStudent, enrolled)).toEqual({ field: 'memberships', isWholeChange: true });
    expect(conflictBetween(createdStudent, linked)).toEqual({ field: 'guardianLinks', isWholeChange: true });
    // A teacher membership rests on a staff role, not on the student role being archived.
    const teaching = { ...enrolled, after: { role: 'teacher', isPrimary: true } };
    expect(conflictBetween(createdStudent, teaching)).toBeNull();

    const createdClass = change('classrooms', 'create', { recordId: 'class-c9' }, null, { name: 'Art' });
    const member = { ...enrolled, recordId: 'class-c9' };
    expect(conflictBetween(createdClass, member)).toEqual({ field: 'memberships', isWholeChange: true });
  });

  it('collides on the same field of a classroom', () => {
    const target = change(
      'classrooms',
      'update',
      { recordId: 'class-c2' },
      { name: 'Math 7' },
      { name: 'Math 7 H' },
    );
    const later = change(
      'classrooms',
      'update',
      { recordId: 'class-c2' },
      { name: 'Math 7 H' },
      { name: 'Math 7 AP' },
    );
    expect(conflictBetween(target, later)).toEqual({ field: 'name', isWholeChange: false });
  });
});
