import { describe, expect, it } from 'vitest';
import type { CurrentRecord, HeldChange } from './held-change.ts';
import { recheckHeldChange, type RecheckEvidence } from './recheck-held-change.ts';

const configId = 'config-1';

const studentArchive: HeldChange = {
  seq: 1,
  entity: 'students',
  action: 'archive',
  recordId: 'person-1',
  relatedId: 'role-1',
  sisId: '000102',
  before: { archived: false },
  after: { archived: true },
};
const classroomArchive: HeldChange = {
  seq: 2,
  entity: 'classrooms',
  action: 'archive',
  recordId: 'classroom-1',
  relatedId: null,
  sisId: 'C2',
  before: { archived: false },
  after: { archived: true },
};
const membershipRemoval: HeldChange = {
  seq: 3,
  entity: 'memberships',
  action: 'remove',
  recordId: 'classroom-1',
  relatedId: 'person-1',
  sisId: '000102',
  before: { role: 'student', isPrimary: false },
  after: null,
};
const linkRemoval: HeldChange = {
  seq: 4,
  entity: 'guardianLinks',
  action: 'remove',
  recordId: 'guardian-1',
  relatedId: 'person-1',
  sisId: 'P2',
  before: { relationship: 'parent', contactType: null },
  after: null,
};

const activeRole: CurrentRecord = {
  kind: 'role',
  personId: 'person-1',
  role: 'student',
  configId,
  isArchived: false,
};

function evidence(current: CurrentRecord | undefined, extra: Partial<RecheckEvidence> = {}): RecheckEvidence {
  return { configId, current, isChangedSince: false, isKeptByLaterRun: false, ...extra };
}

describe('re-checking a held removal against the directory as it is now', () => {
  it('applies an archive whose record is still active, owned and untouched', () => {
    expect(recheckHeldChange(studentArchive, evidence(activeRole))).toBeNull();
    expect(
      recheckHeldChange(classroomArchive, evidence({ kind: 'classroom', configId, isArchived: false })),
    ).toBeNull();
  });

  it('skips a record that no longer exists', () => {
    expect(recheckHeldChange(studentArchive, evidence(undefined))).toBe('record_missing');
    expect(recheckHeldChange(classroomArchive, evidence(undefined))).toBe('record_missing');
  });

  it('skips a role that now belongs to another person (merged away)', () => {
    expect(recheckHeldChange(studentArchive, evidence({ ...activeRole, personId: 'person-2' }))).toBe(
      'record_missing',
    );
  });

  it('skips a record another config or a person owns now', () => {
    expect(recheckHeldChange(studentArchive, evidence({ ...activeRole, configId: 'config-2' }))).toBe(
      'not_owned',
    );
    expect(recheckHeldChange(studentArchive, evidence({ ...activeRole, configId: null }))).toBe('not_owned');
    expect(
      recheckHeldChange(
        membershipRemoval,
        evidence({ kind: 'membership', configId: null, values: { role: 'student', isPrimary: false } }),
      ),
    ).toBe('not_owned');
  });

  it('skips a record archived already, by a later run or by hand', () => {
    expect(recheckHeldChange(studentArchive, evidence({ ...activeRole, isArchived: true }))).toBe(
      'already_archived',
    );
    expect(
      recheckHeldChange(classroomArchive, evidence({ kind: 'classroom', configId, isArchived: true })),
    ).toBe('already_archived');
  });

  it('skips a membership or link that is gone already', () => {
    expect(recheckHeldChange(membershipRemoval, evidence(undefined))).toBe('already_removed');
    expect(recheckHeldChange(linkRemoval, evidence(undefined))).toBe('already_removed');
  });

  it('removes a membership or link only while it holds the values the change expected', () => {
    const membership = (values: Record<string, unknown>): CurrentRecord => ({
      kind: 'membership',
      configId,
      values,
    });
    expect(
      recheckHeldChange(membershipRemoval, evidence(membership({ role: 'student', isPrimary: false }))),
    ).toBeNull();
    expect(
      recheckHeldChange(membershipRemoval, evidence(membership({ role: 'aide', isPrimary: false }))),
    ).toBe('changed_since');
    const link = (values: Record<string, unknown>): CurrentRecord => ({ kind: 'link', configId, values });
    expect(
      recheckHeldChange(linkRemoval, evidence(link({ relationship: 'parent', contactType: null }))),
    ).toBeNull();
    expect(
      recheckHeldChange(linkRemoval, evidence(link({ relationship: 'guardian', contactType: null }))),
    ).toBe('changed_since');
  });

  it('skips a record the audit log shows changed since the held run', () => {
    expect(recheckHeldChange(studentArchive, evidence(activeRole, { isChangedSince: true }))).toBe(
      'changed_since',
    );
  });

  it('skips a record a later run read in the source and kept', () => {
    expect(recheckHeldChange(studentArchive, evidence(activeRole, { isKeptByLaterRun: true }))).toBe(
      'kept_by_later_run',
    );
  });

  it('gives the first reason that holds: gone, then owner, then state, then history', () => {
    expect(
      recheckHeldChange(
        studentArchive,
        evidence({ ...activeRole, configId: 'config-2', isArchived: true }, { isChangedSince: true }),
      ),
    ).toBe('not_owned');
    expect(
      recheckHeldChange(
        studentArchive,
        evidence({ ...activeRole, isArchived: true }, { isChangedSince: true, isKeptByLaterRun: true }),
      ),
    ).toBe('already_archived');
    expect(
      recheckHeldChange(
        studentArchive,
        evidence(activeRole, { isChangedSince: true, isKeptByLaterRun: true }),
      ),
    ).toBe('changed_since');
  });
});
