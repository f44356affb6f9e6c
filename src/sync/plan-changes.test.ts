import { describe, expect, it } from 'vitest';
import { FindingLog } from '../findings/finding-log.ts';
import { emptySnapshot, enrollmentKey, type Snapshot, type SnapshotPerson } from '../roster/snapshot.ts';
import { buildSyncTargets } from './build-sync-targets.ts';
import type { DirectoryView, RoleRecord } from './directory-view.ts';
import { roleKey } from './directory-view.ts';
import { emptyGroupHash } from './group-hash.ts';
import { classifyPeople, collectPlan, groupsToLoad } from './plan-changes.ts';
import { parseSyncSettings } from './sync-settings.ts';

const settings = parseSyncSettings({});
const school = 'school-1';

function student(sisId: string, fields: Partial<SnapshotPerson> = {}): SnapshotPerson {
  return {
    sisId,
    roles: [{ role: 'student', kind: 'student', orgSisIds: ['0042'] }],
    givenName: 'Ann',
    middleName: null,
    familyName: 'Lee',
    email: `${sisId}@example.org`,
    mobile: null,
    homePhone: null,
    language: undefined,
    studentNumber: null,
    stateId: undefined,
    grade: '03',
    agentSisIds: [],
    ...fields,
  };
}

function snapshotOf(people: SnapshotPerson[]): Snapshot {
  const snapshot = emptySnapshot({ kind: 'test', version: null });
  snapshot.orgs.set('0042', { sisId: '0042', name: 'Lincoln', type: 'school', parentSisId: null });
  for (const person of people) snapshot.people.set(person.sisId, person);
  return snapshot;
}

function emptyView(): DirectoryView {
  return {
    districtId: 'd',
    configId: 'config-1',
    schoolsBySourceId: new Map([['0042', [school]]]),
    roles: new Map(),
    roleDetails: new Map(),
    classrooms: new Map(),
    ownedCounts: { students: 0, staff: 0, guardians: 0, classrooms: 0, memberships: 0, guardianLinks: 0 },
  };
}

let counter = 0;
const newId = (): string => `new-${++counter}`;

/** Plans a snapshot against a view, loading nothing (all groups are new or unchanged). */
function plan(snapshot: Snapshot, view: DirectoryView) {
  const targets = buildSyncTargets(snapshot, view, settings, { isDistrictLevel: true }, new FindingLog());
  const needed = groupsToLoad(targets, view);
  return collectPlan({
    targets,
    people: classifyPeople(targets, view),
    view,
    currentMembers: new Map(needed.classroomIds.map((id) => [id, []])),
    currentLinks: new Map(needed.studentPersonIds.map((id) => [id, []])),
    unreadable: snapshot.unreadable,
    completeness: snapshot.completeness,
    deleted: snapshot.deleted,
    newId,
  });
}

/** The view after the first plan's creates, as if applied (hashes stored). */
function viewAfterCreates(snapshot: Snapshot): DirectoryView {
  const view = emptyView();
  const targets = buildSyncTargets(snapshot, view, settings, { isDistrictLevel: true }, new FindingLog());
  for (const person of targets.people.values()) {
    for (const role of person.roles) {
      const record: RoleRecord = {
        roleId: `role-${person.sisId}`,
        personId: `person-${person.sisId}`,
        role: role.role,
        sisId: person.sisId,
        sourceHash: role.hash,
        linksHash: targets.links.get(person.sisId)?.hash ?? emptyGroupHash,
        isArchived: false,
        isPersonArchived: false,
      };
      view.roles.set(roleKey(role.role, person.sisId), record);
      view.roleDetails.set(record.roleId, {
        kind: role.kind,
        studentNumber: role.studentNumber ?? null,
        stateId: role.stateId ?? null,
        grade: role.grade ?? null,
        schoolIds: role.schoolIds,
        isDistrictLevel: role.isDistrictLevel,
        person: {
          givenName: person.fields.givenName ?? null,
          middleName: person.fields.middleName ?? null,
          familyName: person.fields.familyName ?? null,
          email: person.fields.email ?? null,
          mobile: person.fields.mobile ?? null,
          homePhone: person.fields.homePhone ?? null,
          language: person.fields.language ?? null,
        },
      });
    }
  }
  return view;
}

describe('planChanges', () => {
  it('creates what is new and plans nothing for what has not changed', () => {
    const snapshot = snapshotOf([student('1'), student('2')]);
    const first = plan(snapshot, emptyView());
    expect(first.changes.map((c) => [c.entity, c.action, c.sisId])).toEqual([
      ['students', 'create', '1'],
      ['students', 'create', '2'],
    ]);
    expect(first.changes[0]?.after).toMatchObject({
      givenName: 'Ann',
      familyName: 'Lee',
      grade: '03',
      schoolIds: [school],
    });
    const again = plan(snapshot, viewAfterCreates(snapshot));
    expect(again.changes).toEqual([]);
    expect(again.unchanged.students).toBe(2);
  });

  it('updates only the fields that changed, with before and after', () => {
    const view = viewAfterCreates(snapshotOf([student('1')]));
    const result = plan(snapshotOf([student('1', { familyName: 'Lee-Park', grade: '04' })]), view);
    expect(result.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        recordId: 'person-1',
        before: { familyName: 'Lee', grade: '03' },
        after: { familyName: 'Lee-Park', grade: '04' },
      }),
    ]);
  });

  it('keeps a field the source gives no usable value for (undefined), but clears an empty one (null)', () => {
    const view = viewAfterCreates(snapshotOf([student('1')]));
    const unusable = plan(snapshotOf([student('1', { email: undefined })]), view);
    expect(unusable.changes).toEqual([]);
    expect(unusable.hashRefreshes).toHaveLength(1);
    const cleared = plan(snapshotOf([student('1', { email: null })]), view);
    expect(cleared.changes[0]).toMatchObject({ before: { email: '1@example.org' }, after: { email: null } });
  });

  it('archives what left, revives what returns with the same person, and protects unreadable rows', () => {
    const view = viewAfterCreates(snapshotOf([student('1'), student('2'), student('3')]));
    const snapshot = snapshotOf([student('1')]);
    snapshot.unreadable.people.add('3');
    const left = plan(snapshot, view);
    expect(left.changes.map((c) => [c.action, c.sisId])).toEqual([['archive', '2']]);

    view.roles.get(roleKey('student', '2'))!.isArchived = true;
    const back = plan(snapshotOf([student('1'), student('2'), student('3')]), view);
    expect(back.changes).toEqual([
      expect.objectContaining({ action: 'unarchive', recordId: 'person-2', sisId: '2' }),
    ]);
  });

  it('infers no archive from a delta and archives exactly what it marks deleted', () => {
    const view = viewAfterCreates(snapshotOf([student('1'), student('2'), student('3')]));
    const delta = snapshotOf([student('1', { familyName: 'Lee-Park' })]);
    delta.completeness.students = 'delta';
    delta.deleted.people.add('3');
    delta.deleted.people.add('not-synced');
    const result = plan(delta, view);
    expect(result.changes.map((c) => [c.action, c.sisId, c.removalCause])).toEqual([
      ['update', '1', undefined],
      ['archive', '3', 'deleted'],
    ]);
  });

  it('does not touch guardians when the config does not manage them', () => {
    const guardian: SnapshotPerson = {
      ...student('g1'),
      roles: [{ role: 'guardian', kind: 'parent', orgSisIds: [] }],
      agentSisIds: ['1'],
    };
    const snapshot = snapshotOf([student('1'), guardian]);
    snapshot.guardianLinks = [
      { guardianSisId: 'g1', studentSisId: '1', relationship: 'parent', contactType: null },
    ];
    const view = viewAfterCreates(snapshot);
    expect(view.roles.has(roleKey('guardian', 'g1'))).toBe(true);
    const off = parseSyncSettings({ manageGuardians: false });
    const targets = buildSyncTargets(
      snapshotOf([student('1')]),
      view,
      off,
      { isDistrictLevel: true },
      new FindingLog(),
    );
    const result = collectPlan({
      targets,
      people: classifyPeople(targets, view),
      view,
      currentMembers: new Map(),
      currentLinks: new Map(),
      unreadable: snapshot.unreadable,
      completeness: snapshot.completeness,
      deleted: snapshot.deleted,
      newId,
    });
    expect(result.changes).toEqual([]);
  });

  it('never removes a membership whose enrollment row could not be read', () => {
    const snapshot = snapshotOf([student('1'), student('2')]);
    snapshot.classes.set('C1', {
      sisId: 'C1',
      title: 'Homeroom',
      schoolSisId: '0042',
      grades: [],
      subjects: [],
      periods: [],
      classType: 'homeroom',
      classCode: null,
      location: null,
      courseSisId: null,
      termSisIds: [],
    });
    snapshot.enrollments.set('C1', { userSisIds: ['1'], roles: ['student'], isPrimary: [false] });
    snapshot.unreadable.enrollments.add(enrollmentKey('C1', '2'));
    const view = viewAfterCreates(snapshot);
    view.classrooms.set('C1', {
      id: 'class-1',
      sisId: 'C1',
      schoolId: school,
      name: 'Homeroom',
      grades: [],
      subjects: [],
      periods: [],
      classType: 'homeroom',
      classCode: null,
      location: null,
      courseSisId: null,
      termSisIds: [],
      sourceHash: null,
      membersHash: 'stale',
      isArchived: false,
      isArchivedByHand: false,
    });
    const targets = buildSyncTargets(snapshot, view, settings, { isDistrictLevel: true }, new FindingLog());
    const result = collectPlan({
      targets,
      people: classifyPeople(targets, view),
      view,
      currentMembers: new Map([
        [
          'class-1',
          [
            {
              classroomId: 'class-1',
              personId: 'person-1',
              role: 'student',
              isPrimary: false,
              configId: 'config-1',
            },
            {
              classroomId: 'class-1',
              personId: 'person-2',
              role: 'student',
              isPrimary: false,
              configId: 'config-1',
            },
          ],
        ],
      ]),
      currentLinks: new Map(),
      unreadable: snapshot.unreadable,
      completeness: snapshot.completeness,
      deleted: snapshot.deleted,
      newId,
    });
    expect(result.changes.filter((c) => c.entity === 'memberships')).toEqual([]);
  });
});
