import { describe, expect, it } from 'vitest';
import { entityTypes, type EntityType } from '../roster/snapshot.ts';
import { phaseOf } from '../sync/change-applier.ts';
import type { ChangeAction } from '../sync/plan.ts';
import type { AuditChange } from './audit-change.ts';
import {
  groupEntities,
  recordEntities,
  reverseChange,
  reversePhases,
  withoutFields,
} from './reverse-change.ts';

function change(
  entity: EntityType,
  action: ChangeAction,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditChange {
  return {
    id: '7',
    entity,
    action,
    recordId: 'record',
    relatedId: entity === 'classrooms' ? null : 'related',
    sisId: 'S1',
    before,
    after,
    at: '2026-09-01T00:00:00.000Z',
    actor: { type: 'run', runId: 'run', personId: null },
  };
}

const actionsOf = (entity: EntityType): ChangeAction[] =>
  groupEntities.includes(entity) ? ['add', 'update', 'remove'] : ['create', 'update', 'archive', 'unarchive'];

describe('reverseChange', () => {
  it('archives a created student, clearing its content hash, and keeps its ids', () => {
    const created = change('students', 'create', null, { givenName: 'Ava', role: 'student', grade: '03' });
    expect(reverseChange(created)).toEqual({
      entity: 'students',
      action: 'archive',
      recordId: 'record',
      relatedId: 'related',
      sisId: 'S1',
      before: { archived: false },
      after: { archived: true },
      apply: { kind: 'person', role: 'student', roleId: 'related', isNewPerson: false, hash: null },
    });
  });

  it('archives a role created for an existing person and puts back the values the create changed', () => {
    const created = change(
      'guardians',
      'create',
      { email: 'old@example.com' },
      { email: 'new@example.com', role: 'guardian', kind: 'parent' },
    );
    expect(reverseChange(created)).toMatchObject({
      action: 'archive',
      before: { email: 'new@example.com', archived: false },
      after: { email: 'old@example.com', archived: true },
    });
  });

  it('swaps the values of an update', () => {
    const updated = change('classrooms', 'update', { name: 'Math 7' }, { name: 'Math 7 (Honors)' });
    expect(reverseChange(updated)).toEqual({
      entity: 'classrooms',
      action: 'update',
      recordId: 'record',
      relatedId: null,
      sisId: 'S1',
      before: { name: 'Math 7 (Honors)' },
      after: { name: 'Math 7' },
      apply: { kind: 'classroom', hash: null },
    });
  });

  it('revives what was archived and archives what was revived, values put back', () => {
    expect(reverseChange(change('staff', 'archive', { archived: false }, { archived: true }))).toMatchObject({
      action: 'unarchive',
      before: { archived: true },
      after: { archived: false },
    });
    const revived = change(
      'students',
      'unarchive',
      { grade: '03', archived: true },
      { grade: '04', archived: false },
    );
    expect(reverseChange(revived)).toMatchObject({
      action: 'archive',
      before: { grade: '04', archived: false },
      after: { grade: '03', archived: true },
    });
  });

  it('removes an added membership and adds back a removed link as it was', () => {
    const added = change('memberships', 'add', null, { role: 'student', isPrimary: false });
    expect(reverseChange(added)).toEqual({
      entity: 'memberships',
      action: 'remove',
      recordId: 'record',
      relatedId: 'related',
      sisId: 'S1',
      before: { role: 'student', isPrimary: false },
      after: null,
      apply: { kind: 'membership', isNewGroup: false },
    });
    const removed = change('guardianLinks', 'remove', { relationship: 'parent', contactType: null }, null);
    expect(reverseChange(removed)).toMatchObject({
      action: 'add',
      before: null,
      after: { relationship: 'parent', contactType: null },
      apply: { kind: 'link', isNewGroup: false },
    });
  });

  it('is its own inverse up to create → archive → unarchive', () => {
    const updated = change('students', 'update', { email: 'a@x.org' }, { email: 'b@x.org' });
    const twice = reverseChange({
      ...updated,
      ...reverseChange(updated),
      id: '8',
      at: updated.at,
      actor: updated.actor,
    });
    expect({ action: twice.action, before: twice.before, after: twice.after }).toEqual({
      action: 'update',
      before: updated.before,
      after: updated.after,
    });
  });

  it('puts every reverse in the applier phase its reversePhases entry reads it in', () => {
    for (const entity of entityTypes) {
      for (const action of actionsOf(entity)) {
        const phase = reversePhases.findIndex(
          (entry) => entry.entities.includes(entity) && entry.actions.includes(action),
        );
        const reverse = reverseChange(change(entity, action, { name: 'x' }, { name: 'y' }));
        expect({ entity, action, phase }).toEqual({ entity, action, phase: phaseOf(reverse) });
      }
    }
    expect([...recordEntities, ...groupEntities].sort()).toEqual([...entityTypes].sort());
  });
});

describe('withoutFields', () => {
  it('leaves the kept fields out, and drops an update left with nothing to put back', () => {
    const reverse = reverseChange(
      change(
        'students',
        'update',
        { familyName: 'Nguyễn', email: 'a@x.org' },
        { familyName: 'Tran', email: 'b@x.org' },
      ),
    );
    expect(withoutFields(reverse, new Set(['email']))).toMatchObject({
      before: { familyName: 'Tran' },
      after: { familyName: 'Nguyễn' },
    });
    expect(withoutFields(reverse, new Set(['email', 'familyName']))).toBeNull();
  });

  it('keeps an archive whose put-back values are all kept', () => {
    const reverse = reverseChange(
      change('students', 'unarchive', { grade: '03', archived: true }, { grade: '04', archived: false }),
    );
    expect(withoutFields(reverse, new Set(['grade']))).toMatchObject({
      action: 'archive',
      before: { archived: false },
      after: { archived: true },
    });
  });
});
