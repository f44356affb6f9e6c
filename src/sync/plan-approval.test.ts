import { describe, expect, it } from 'vitest';
import type { HeldChange, SkipReason } from './held-change.ts';
import { countApproval, planApproval, type ApprovalInput } from './plan-approval.ts';

let seq = 0;
function archive(entity: 'students' | 'guardians' | 'staff', personId: string, sisId: string): HeldChange {
  return {
    seq: ++seq,
    entity,
    action: 'archive',
    recordId: personId,
    relatedId: `role-${personId}`,
    sisId,
    before: { archived: false },
    after: { archived: true },
  };
}
function linkRemoval(guardianId: string, studentId: string): HeldChange {
  return {
    seq: ++seq,
    entity: 'guardianLinks',
    action: 'remove',
    recordId: guardianId,
    relatedId: studentId,
    sisId: guardianId,
    before: { relationship: 'parent', contactType: null },
    after: null,
  };
}

function plan(input: Partial<ApprovalInput> & Pick<ApprovalInput, 'changes'>) {
  const result = planApproval({ skips: new Map(), studentsOfGuardians: new Map(), ...input });
  const stateOf = (change: HeldChange) => {
    const outcome = result.outcomes.get(change.seq);
    return outcome?.state === 'skipped' ? `skipped:${outcome.reason}` : outcome?.state;
  };
  return { ...result, stateOf, applied: result.toApply.map((change) => change.sisId) };
}

// Stored out of order, as the planner's map order leaves them.
const s3 = archive('students', 'p3', '000103');
const s1 = archive('students', 'p1', '000101');
const s2 = archive('students', 'p2', '000102');
const t1 = archive('staff', 't1', 'T1');
const g1 = archive('guardians', 'g1', 'P1');

describe('planning an approval', () => {
  it('applies every held change that still applies when no count is given', () => {
    const result = plan({ changes: [s3, s1, s2, t1] });
    expect(result.applied).toEqual(['000101', '000102', '000103', 'T1']);
    expect(countApproval(result)).toEqual({ approved: 4, skipped: [], remaining: 0 });
  });

  it('takes at most the approved count, in a stable order (type, then SIS id)', () => {
    const result = plan({ changes: [t1, s3, s1, s2], maxCount: 2 });
    expect(result.applied).toEqual(['000101', '000102']);
    expect(result.stateOf(s3)).toBe('not_approved');
    expect(result.stateOf(t1)).toBe('not_approved');
    expect(countApproval(result)).toEqual({ approved: 2, skipped: [], remaining: 2 });
  });

  it('does not count skipped changes against the approved count', () => {
    const skips = new Map<number, SkipReason>([[s1.seq, 'already_archived']]);
    const result = plan({ changes: [s1, s2, s3], skips, maxCount: 2 });
    expect(result.applied).toEqual(['000102', '000103']);
    expect(countApproval(result)).toEqual({
      approved: 2,
      skipped: [{ reason: 'already_archived', count: 1 }],
      remaining: 0,
    });
  });

  it('counts skips per reason, in the catalogue’s order', () => {
    const skips = new Map<number, SkipReason>([
      [s1.seq, 'kept_by_later_run'],
      [s2.seq, 'already_archived'],
      [s3.seq, 'kept_by_later_run'],
    ]);
    expect(countApproval(plan({ changes: [s1, s2, s3], skips })).skipped).toEqual([
      { reason: 'already_archived', count: 1 },
      { reason: 'kept_by_later_run', count: 2 },
    ]);
  });

  describe('a guardian waits for its students, as in the guard', () => {
    const studentsOfGuardians = new Map([['g1', ['p1', 'p2']]]);

    it('is archived after its students’ archives, all of them applied', () => {
      const result = plan({ changes: [g1, s1, s2], studentsOfGuardians });
      expect(result.applied).toEqual(['000101', '000102', 'P1']);
    });

    it('is archived when its students were archived already', () => {
      const skips = new Map<number, SkipReason>([
        [s1.seq, 'already_archived'],
        [s2.seq, 'record_missing'],
      ]);
      expect(plan({ changes: [g1, s1, s2], studentsOfGuardians, skips }).applied).toEqual(['P1']);
    });

    it('stays when one of its students stays (kept, changed, owned elsewhere)', () => {
      const skips = new Map<number, SkipReason>([[s2.seq, 'kept_by_later_run']]);
      const result = plan({ changes: [g1, s1, s2], studentsOfGuardians, skips });
      expect(result.applied).toEqual(['000101']);
      expect(result.stateOf(g1)).toBe('skipped:waits_for_students');
    });

    it('is left with its students when they are beyond the approved count', () => {
      const result = plan({ changes: [g1, s1, s2], studentsOfGuardians, maxCount: 1 });
      expect(result.applied).toEqual(['000101']);
      expect(result.stateOf(s2)).toBe('not_approved');
      expect(result.stateOf(g1)).toBe('not_approved');
    });

    it('waits for its own link removals in the hold', () => {
      const link = linkRemoval('g1', 'p9');
      const skips = new Map<number, SkipReason>([[link.seq, 'changed_since']]);
      const result = plan({ changes: [g1, link], skips });
      expect(result.stateOf(g1)).toBe('skipped:waits_for_students');
      expect(plan({ changes: [g1, linkRemoval('g1', 'p9')] }).applied).toEqual(['g1', 'P1']);
    });

    it('ignores students that are not in the hold', () => {
      const result = plan({ changes: [g1], studentsOfGuardians: new Map([['g1', ['p7']]]) });
      expect(result.applied).toEqual(['P1']);
    });
  });
});
