import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FindingLog } from '../findings/finding-log.ts';
import {
  emptySnapshot,
  entityTypes,
  type Completeness,
  type EntityType,
  type SnapshotPerson,
} from '../roster/snapshot.ts';
import { buildSyncTargets } from './build-sync-targets.ts';
import type { DirectoryView, RoleRecord } from './directory-view.ts';
import { roleKey } from './directory-view.ts';
import { emptyGroupHash } from './group-hash.ts';
import { guardPlan } from './guard-plan.ts';
import { removalActions, type PlannedChange } from './plan.ts';
import { classifyPeople, collectPlan, groupsToLoad } from './plan-changes.ts';
import { parseSyncSettings } from './sync-settings.ts';

/**
 * Property tests of the completeness gate (SPEC §2, §5): whatever a source leaves out of a
 * type it did not send completely, nothing of that type is removed unless the source marked it
 * deleted.
 */

const settings = parseSyncSettings({});
const completenessArbitrary = fc.constantFrom<Completeness>('complete', 'partial', 'delta');

describe('the completeness gate, as properties', () => {
  it('the guard lets no removal of an incomplete type through unless the source deleted it', () => {
    const changeArbitrary = fc.record({
      entity: fc.constantFrom<EntityType>(...entityTypes),
      action: fc.constantFrom('archive', 'remove'),
      isDeleted: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(changeArbitrary, { maxLength: 60 }),
        fc.tuple(...entityTypes.map(() => completenessArbitrary)),
        fc.nat({ max: 200 }),
        (specs, completenessList, owned) => {
          const completeness = Object.fromEntries(
            entityTypes.map((entity, index) => [entity, completenessList[index]!]),
          ) as Record<EntityType, Completeness>;
          const removals = specs.map(
            (spec, index): PlannedChange =>
              ({
                id: `c${index}`,
                entity: spec.entity,
                action: spec.action,
                recordId: `r${index}`,
                removalCause: spec.isDeleted ? 'deleted' : 'absent',
              }) as unknown as PlannedChange,
          );
          const guarded = guardPlan({
            removals,
            completeness,
            partialReasons: {},
            owned: Object.fromEntries(entityTypes.map((entity) => [entity, owned])) as Record<
              EntityType,
              number
            >,
            settings,
            studentsOfArchivedGuardians: new Map(),
          });
          for (const change of guarded.toApply) {
            if (completeness[change.entity] !== 'complete') expect(change.removalCause).toBe('deleted');
          }
          expect(guarded.toApply.length + guarded.held.length).toBe(removals.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a plan from a snapshot with a partial or delta student type applies no inferred student archive', () => {
    const studentIds = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(4, '0'));
    fc.assert(
      fc.property(
        fc.subarray(studentIds),
        fc.subarray(studentIds),
        fc.constantFrom<Completeness>('partial', 'delta'),
        (kept, deleted, completeness) => {
          const view = viewOf(studentIds);
          const snapshot = snapshotOf(kept);
          snapshot.completeness.students = completeness;
          for (const id of deleted) if (!kept.includes(id)) snapshot.deleted.people.add(id);
          const targets = buildSyncTargets(
            snapshot,
            view,
            settings,
            { isDistrictLevel: true },
            new FindingLog(),
          );
          const needed = groupsToLoad(targets, view);
          const plan = collectPlan({
            targets,
            people: classifyPeople(targets, view),
            view,
            currentMembers: new Map(needed.classroomIds.map((id) => [id, []])),
            currentLinks: new Map(needed.studentPersonIds.map((id) => [id, []])),
            unreadable: snapshot.unreadable,
            completeness: snapshot.completeness,
            deleted: snapshot.deleted,
            newId: () => 'new',
          });
          const guarded = guardPlan({
            removals: plan.changes.filter((change) => removalActions.has(change.action)),
            completeness: snapshot.completeness,
            partialReasons: {},
            owned: { ...view.ownedCounts, students: studentIds.length },
            // No threshold in the way: only the completeness gate is under test.
            settings: parseSyncSettings({ deletionThreshold: { percent: 100, floor: 1000 } }),
            studentsOfArchivedGuardians: new Map(),
          });
          const archived = guarded.toApply
            .filter((change) => change.entity === 'students' && change.action === 'archive')
            .map((change) => change.sisId);
          for (const sisId of archived) expect(snapshot.deleted.people.has(sisId!)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function studentOf(sisId: string): SnapshotPerson {
  return {
    sisId,
    roles: [{ role: 'student', kind: 'student', orgSisIds: ['0042'] }],
    givenName: 'Ann',
    middleName: null,
    familyName: 'Lee',
    email: null,
    mobile: null,
    homePhone: null,
    language: undefined,
    studentNumber: null,
    stateId: undefined,
    grade: '03',
    agentSisIds: [],
  };
}

function snapshotOf(sisIds: readonly string[]) {
  const snapshot = emptySnapshot({ kind: 'test', version: null });
  snapshot.orgs.set('0042', { sisId: '0042', name: 'Lincoln', type: 'school', parentSisId: null });
  for (const sisId of sisIds) snapshot.people.set(sisId, studentOf(sisId));
  return snapshot;
}

/** A directory holding every student as synced, active and up to date. */
function viewOf(sisIds: readonly string[]): DirectoryView {
  const view: DirectoryView = {
    districtId: 'd',
    configId: 'config-1',
    schoolsBySourceId: new Map([['0042', ['school-1']]]),
    roles: new Map(),
    roleDetails: new Map(),
    classrooms: new Map(),
    ownedCounts: { students: 0, staff: 0, guardians: 0, classrooms: 0, memberships: 0, guardianLinks: 0 },
  };
  const targets = buildSyncTargets(
    snapshotOf(sisIds),
    view,
    settings,
    { isDistrictLevel: true },
    new FindingLog(),
  );
  for (const person of targets.people.values()) {
    for (const role of person.roles) {
      const record: RoleRecord = {
        roleId: `role-${person.sisId}`,
        personId: `person-${person.sisId}`,
        role: role.role,
        sisId: person.sisId,
        sourceHash: role.hash,
        linksHash: emptyGroupHash,
        isArchived: false,
        isPersonArchived: false,
      };
      view.roles.set(roleKey(role.role, person.sisId), record);
    }
  }
  return view;
}
