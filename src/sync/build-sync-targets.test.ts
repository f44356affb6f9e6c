import { describe, expect, it } from 'vitest';
import { FindingLog } from '../findings/finding-log.ts';
import { emptySnapshot, type Snapshot, type SnapshotPerson } from '../roster/snapshot.ts';
import { buildSyncTargets } from './build-sync-targets.ts';
import { roleKey, type DirectoryView, type RoleRecord } from './directory-view.ts';
import { emptyGroupHash } from './group-hash.ts';
import { classifyPeople, collectPlan, groupsToLoad } from './plan-changes.ts';
import { parseSyncSettings, type SyncSettings } from './sync-settings.ts';

function person(
  sisId: string,
  role: 'student' | 'guardian',
  fields: Partial<SnapshotPerson> = {},
): SnapshotPerson {
  return {
    sisId,
    roles: [{ role, kind: role === 'student' ? 'student' : 'parent', orgSisIds: ['0042'] }],
    givenName: 'Ann',
    middleName: null,
    familyName: 'Lee',
    email: `${sisId}@example.org`,
    mobile: '+13125550101',
    homePhone: '+13125550199',
    language: 'es',
    studentNumber: null,
    stateId: undefined,
    grade: role === 'student' ? '03' : undefined,
    agentSisIds: [],
    ...fields,
  };
}

/** Student S1 with guardian G1 (and whoever else is given, linked to S1 too). */
function family(...guardians: SnapshotPerson[]): Snapshot {
  const snapshot = emptySnapshot({ kind: 'test', version: null });
  snapshot.orgs.set('0042', { sisId: '0042', name: 'Lincoln', type: 'school', parentSisId: null });
  for (const one of [person('S1', 'student'), ...guardians]) snapshot.people.set(one.sisId, one);
  for (const guardian of guardians) {
    snapshot.guardianLinks.push({
      guardianSisId: guardian.sisId,
      studentSisId: 'S1',
      relationship: 'parent',
      contactType: null,
    });
  }
  return snapshot;
}

function emptyView(): DirectoryView {
  return {
    districtId: 'd',
    configId: 'config-1',
    schoolsBySourceId: new Map([['0042', ['school-1']]]),
    roles: new Map(),
    roleDetails: new Map(),
    classrooms: new Map(),
    ownedCounts: { students: 0, staff: 0, guardians: 0, classrooms: 0, memberships: 0, guardianLinks: 0 },
  };
}

function targetsOf(snapshot: Snapshot, settings: SyncSettings, findings = new FindingLog()) {
  return buildSyncTargets(snapshot, emptyView(), settings, { isDistrictLevel: true }, findings);
}

/** The directory after a sync of `snapshot` with `settings` (hashes and values as applied). */
function viewAfterSync(snapshot: Snapshot, settings: SyncSettings): DirectoryView {
  const view = emptyView();
  const targets = targetsOf(snapshot, settings);
  for (const target of targets.people.values()) {
    for (const role of target.roles) {
      const record: RoleRecord = {
        roleId: `role-${target.sisId}`,
        personId: `person-${target.sisId}`,
        role: role.role,
        sisId: target.sisId,
        sourceHash: role.hash,
        linksHash: targets.links.get(target.sisId)?.hash ?? emptyGroupHash,
        isArchived: false,
        isPersonArchived: false,
      };
      view.roles.set(roleKey(role.role, target.sisId), record);
      const { fields } = target;
      view.roleDetails.set(record.roleId, {
        kind: role.kind,
        studentNumber: role.studentNumber ?? null,
        stateId: role.stateId ?? null,
        grade: role.grade ?? null,
        schoolIds: role.schoolIds,
        isDistrictLevel: role.isDistrictLevel,
        person: {
          givenName: fields.givenName ?? null,
          middleName: fields.middleName ?? null,
          familyName: fields.familyName ?? null,
          email: fields.email ?? null,
          mobile: fields.mobile ?? null,
          homePhone: fields.homePhone ?? null,
          language: fields.language ?? null,
        },
      });
    }
  }
  return view;
}

let counter = 0;
function plan(snapshot: Snapshot, view: DirectoryView, settings: SyncSettings) {
  const targets = buildSyncTargets(snapshot, view, settings, { isDistrictLevel: true }, new FindingLog());
  const needed = groupsToLoad(targets, view);
  return collectPlan({
    targets,
    people: classifyPeople(targets, view),
    view,
    currentMembers: new Map(needed.classroomIds.map((id) => [id, []])),
    // The links the earlier sync made: S1 ↔ each guardian the view holds.
    currentLinks: new Map(
      needed.studentPersonIds.map((id) => [
        id,
        [...view.roles.values()]
          .filter((role) => role.role === 'guardian')
          .map((role) => ({
            guardianId: role.personId,
            studentId: id,
            relationship: 'parent',
            contactType: null,
            configId: view.configId,
          })),
      ]),
    ),
    unreadable: snapshot.unreadable,
    completeness: snapshot.completeness,
    deleted: snapshot.deleted,
    newId: () => `new-${++counter}`,
  });
}

const defaults = parseSyncSettings({});

describe('buildSyncTargets: contact settings', () => {
  it('gives every person the source phone as the mobile when phoneCredential is phone', () => {
    const targets = targetsOf(
      family(person('G1', 'guardian')),
      parseSyncSettings({ phoneCredential: 'phone' }),
    );
    for (const sisId of ['S1', 'G1']) {
      expect(targets.people.get(sisId)?.fields).toMatchObject({
        mobile: '+13125550199',
        homePhone: '+13125550101',
      });
    }
  });

  it('changes no language when updateLanguage is off, and the source language again when on', () => {
    const before = family(person('G1', 'guardian'));
    const view = viewAfterSync(before, defaults);
    const changed = family(person('G1', 'guardian', { language: 'fr', givenName: 'Anne' }));

    const off = plan(changed, view, parseSyncSettings({ updateLanguage: false }));
    expect(off.changes.map(({ sisId, action, before, after }) => ({ sisId, action, before, after }))).toEqual(
      [{ sisId: 'G1', action: 'update', before: { givenName: 'Ann' }, after: { givenName: 'Anne' } }],
    );
    // A new person gets no language from the source either.
    const created = plan(changed, emptyView(), parseSyncSettings({ updateLanguage: false }));
    expect(created.changes.find((change) => change.sisId === 'G1')?.after).toMatchObject({ language: null });

    const on = plan(changed, view, defaults);
    expect(on.changes.find((change) => change.sisId === 'G1')?.after).toEqual({
      givenName: 'Anne',
      language: 'fr',
    });
  });
});

describe('buildSyncTargets: guardian credentials (SPEC §6)', () => {
  it('does not create a guardian without an email or a mobile, and reports it', () => {
    const findings = new FindingLog();
    const targets = targetsOf(
      family(person('G1', 'guardian', { email: null, mobile: undefined })),
      defaults,
      findings,
    );
    expect(targets.people.has('G1')).toBe(false);
    expect(targets.links.get('S1')).toBeUndefined();
    expect(targets.skipped).toMatchObject({ guardians: 1, guardianLinks: 1 });
    expect(findings.list().map(({ code, sisId }) => [code, sisId])).toEqual([
      ['GUARDIAN_NO_CREDENTIAL', 'G1'],
    ]);
  });

  it('keeps a guardian synced before as it is, link included, once its credentials are gone', () => {
    const view = viewAfterSync(family(person('G1', 'guardian')), defaults);
    const lost = family(person('G1', 'guardian', { email: null, mobile: null }));
    const planned = plan(lost, view, defaults);
    expect(planned.changes).toEqual([]);
  });

  it('judges the mobile the phone credential setting picks', () => {
    const smsOnly = person('G1', 'guardian', { email: null, homePhone: null });
    expect(targetsOf(family(smsOnly), defaults).people.has('G1')).toBe(true);
    expect(targetsOf(family(smsOnly), parseSyncSettings({ phoneCredential: 'phone' })).people.has('G1')).toBe(
      false,
    );
  });

  it('gives an email two guardians share to neither, and syncs each with its mobile', () => {
    const findings = new FindingLog();
    const targets = targetsOf(
      family(
        person('G1', 'guardian', { email: 'family@example.org', mobile: '+13125550101' }),
        person('G2', 'guardian', { email: 'family@example.org', mobile: '+13125550102' }),
      ),
      defaults,
      findings,
    );
    expect(targets.people.get('G1')?.fields).toMatchObject({ email: undefined, mobile: '+13125550101' });
    expect(targets.people.get('G2')?.fields).toMatchObject({ email: undefined, mobile: '+13125550102' });
    expect(targets.links.get('S1')?.guardianSisIds).toEqual(['G1', 'G2']);
    expect(findings.list().map(({ code, sisId }) => [code, sisId])).toEqual([
      ['GUARDIAN_CREDENTIAL_CONFLICT', 'G1'],
      ['GUARDIAN_CREDENTIAL_CONFLICT', 'G2'],
    ]);
  });
});
