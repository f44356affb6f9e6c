import { describe, expect, it } from 'vitest';
import type { EntityType } from '../roster/snapshot.ts';
import type { OwnedCounts } from './directory-view.ts';
import { guardPlan } from './guard-plan.ts';
import type { PlannedChange } from './plan.ts';
import { parseSyncSettings } from './sync-settings.ts';

const complete = {
  students: 'complete',
  staff: 'complete',
  guardians: 'complete',
  classrooms: 'complete',
  memberships: 'complete',
  guardianLinks: 'complete',
} as const;
const owned = (counts: Partial<OwnedCounts>): OwnedCounts => ({
  students: 0,
  staff: 0,
  guardians: 0,
  classrooms: 0,
  memberships: 0,
  guardianLinks: 0,
  ...counts,
});

function change(entity: EntityType, action: PlannedChange['action'], recordId: string): PlannedChange {
  return {
    entity,
    action,
    recordId,
    relatedId: null,
    sisId: recordId,
    before: null,
    after: null,
    apply: { kind: 'membership', isNewGroup: false },
  };
}

function removalsOf(changes: PlannedChange[]): PlannedChange[] {
  return changes.filter((change) => change.action === 'archive' || change.action === 'remove');
}

const archives = (entity: EntityType, count: number): PlannedChange[] =>
  Array.from({ length: count }, (_, i) => change(entity, 'archive', `${entity}-${i}`));

describe('guardPlan', () => {
  const settings = parseSyncSettings({});

  it('lets removals up to the floor through however small the district', () => {
    const guarded = guardPlan({
      removals: removalsOf(archives('students', 5)),
      completeness: complete,
      partialReasons: {},
      owned: owned({ students: 6 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.holds).toEqual({});
    expect(guarded.toApply).toHaveLength(5);
  });

  it('holds the removals of a type beyond max(floor, 10 %) and lets the other types through', () => {
    const guarded = guardPlan({
      removals: removalsOf([...archives('students', 11), ...archives('staff', 1)]),
      completeness: complete,
      partialReasons: {},
      owned: owned({ students: 100, staff: 10 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.holds).toEqual({ students: { reason: 'threshold', tried: 11, percent: 11, allowed: 10 } });
    expect(guarded.held).toHaveLength(11);
    expect(guarded.toApply.map((c) => c.recordId)).toEqual(['staff-0']);
  });

  it('applies exactly the threshold and holds one more', () => {
    const input = (count: number) => ({
      removals: removalsOf(archives('memberships', count)),
      completeness: complete,
      partialReasons: {},
      owned: owned({ memberships: 1000 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guardPlan(input(100)).holds).toEqual({});
    expect(guardPlan(input(101)).holds.memberships).toMatchObject({ reason: 'threshold', allowed: 100 });
  });

  it('never removes from a partial type, however few', () => {
    const guarded = guardPlan({
      removals: removalsOf([change('memberships', 'remove', 'm1')]),
      completeness: { ...complete, memberships: 'partial' },
      partialReasons: { memberships: 'enrollments.csv is a delta' },
      owned: owned({ memberships: 1000 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.holds.memberships).toEqual({
      reason: 'incomplete',
      tried: 1,
      percent: 0.1,
      allowed: 100,
      detail: 'enrollments.csv is a delta',
    });
    expect(guarded.toApply).toEqual([]);
  });

  it('lets removals the source marked deleted through a partial type and holds the absent ones', () => {
    const deleted = { ...change('students', 'archive', 'deleted-1'), removalCause: 'deleted' as const };
    const absent = { ...change('students', 'archive', 'absent-1'), removalCause: 'absent' as const };
    const guarded = guardPlan({
      removals: [deleted, absent],
      completeness: { ...complete, students: 'partial' },
      partialReasons: { students: 'a users.csv row could not be read' },
      owned: owned({ students: 100 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.toApply).toEqual([deleted]);
    expect(guarded.held).toEqual([absent]);
    expect(guarded.holds.students).toMatchObject({ reason: 'incomplete', tried: 1 });
  });

  it('lets classrooms the filters leave out through a partial type: they are in the source', () => {
    const filtered = { ...change('classrooms', 'archive', 'filtered-1'), removalCause: 'filtered' as const };
    const absent = { ...change('classrooms', 'archive', 'absent-1'), removalCause: 'absent' as const };
    const guarded = guardPlan({
      removals: [filtered, absent],
      completeness: { ...complete, classrooms: 'partial' },
      partialReasons: { classrooms: 'a classes.csv row could not be read' },
      owned: owned({ classrooms: 100 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.toApply).toEqual([filtered]);
    expect(guarded.held).toEqual([absent]);
  });

  it('judges removals the source marked deleted by the threshold, in a delta too', () => {
    const marked = archives('students', 6).map((c) => ({ ...c, removalCause: 'deleted' as const }));
    const guarded = guardPlan({
      removals: marked,
      completeness: { ...complete, students: 'delta' },
      partialReasons: { students: 'users.csv is a delta' },
      owned: owned({ students: 8 }),
      settings,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.holds).toEqual({ students: { reason: 'threshold', tried: 6, percent: 75, allowed: 5 } });
    expect(guarded.toApply).toEqual([]);
  });

  it('uses a per-type threshold when one is set', () => {
    const custom = parseSyncSettings({ deletionThresholdByType: { students: { percent: 50, floor: 0 } } });
    const guarded = guardPlan({
      removals: removalsOf(archives('students', 40)),
      completeness: complete,
      partialReasons: {},
      owned: owned({ students: 100 }),
      settings: custom,
      studentsOfArchivedGuardians: new Map(),
    });
    expect(guarded.holds).toEqual({});
  });

  it('keeps a guardian whose students’ archives are held', () => {
    const guarded = guardPlan({
      removals: removalsOf([
        ...archives('students', 20),
        change('guardians', 'archive', 'g1'),
        change('guardians', 'archive', 'g2'),
      ]),
      completeness: complete,
      partialReasons: {},
      owned: owned({ students: 20, guardians: 30 }),
      settings,
      studentsOfArchivedGuardians: new Map([
        ['g1', ['students-3']],
        ['g2', ['someone-else']],
      ]),
    });
    expect(guarded.held.filter((c) => c.entity === 'guardians').map((c) => c.recordId)).toEqual(['g1']);
    expect(guarded.toApply.map((c) => c.recordId)).toEqual(['g2']);
    expect(guarded.holds.guardians).toMatchObject({ reason: 'threshold', tried: 1 });
  });
});
