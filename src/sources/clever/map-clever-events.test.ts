import { describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import { enrollmentKey, entityTypes } from '../../roster/snapshot.ts';
import { cleverSettingsSchema } from '../../sync/clever-settings.ts';
import { CleverKeyDigest } from './clever-key-digest.ts';
import type { CleverObject } from './clever-records.ts';
import { collectCleverEvents, mapCleverEvents, type CleverEventChanges } from './map-clever-events.ts';

const since = { eventId: 'e000', eventCreatedAt: '2026-11-20T00:00:00.000Z' };
const district = { id: 'd1', name: 'Springfield USD' };
const school = { id: 'sch1', district: 'd1', name: 'Lincoln Elementary' };

function student(id: string, sisId: string, first = 'Stu'): CleverObject {
  return {
    id,
    district: 'd1',
    name: { first, last: `Dent-${id}` },
    roles: { student: { sis_id: sisId, grade: '3', school: 'sch1', schools: ['sch1'] } },
  };
}
function teacher(id: string, sisId: string): CleverObject {
  return {
    id,
    district: 'd1',
    name: { first: 'Tea', last: 'Cher' },
    roles: { teacher: { sis_id: sisId, school: 'sch1' } },
  };
}
function section(id: string, students: string[], teachers = ['t1']): CleverObject {
  return {
    id,
    district: 'd1',
    school: 'sch1',
    name: `Section ${id}`,
    students,
    teachers,
    teacher: teachers[0],
  };
}

let clock = 0;
function event(type: string, object: CleverObject, previous?: CleverObject): CleverObject {
  clock += 1;
  const id = `e${String(clock).padStart(3, '0')}`;
  return {
    id,
    type,
    created: new Date(Date.parse(since.eventCreatedAt) + clock * 1000).toISOString(),
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
  };
}

function collect(events: CleverObject[]): CleverEventChanges {
  const collected = collectCleverEvents(events, since);
  if (!collected.isUsable) throw new Error(collected.reason);
  return collected.changes;
}

const mapOptions = () => ({
  settings: cleverSettingsSchema.parse({}),
  phoneRegion: 'US' as const,
  findings: new FindingLog(),
  apiVersion: 'v3.0' as const,
});
const fullRead = [student('s1', 'S1'), student('s2', 'S2'), student('s3', 'S3'), teacher('t1', 'T1')];

function delta(
  changes: CleverEventChanges,
  members: CleverObject[] = [],
  digest = CleverKeyDigest.fromUsers(fullRead),
) {
  return mapCleverEvents(
    {
      changes,
      districts: [district],
      schools: [school],
      members: new Map(members.map((member) => [member.id as string, member])),
      digest,
      sinceEventId: since.eventId,
    },
    mapOptions(),
  );
}

describe('collectCleverEvents', () => {
  it('keeps the last state of each record: the last event wins, and one created then deleted is just deleted', () => {
    const changes = collect([
      event('users.updated', student('s1', 'S1', 'First')),
      event('users.updated', student('s1', 'S1', 'Second')),
      event('users.created', student('s9', 'S9')),
      event('users.deleted', student('s9', 'S9')),
      event('districts.updated', district),
      event('schools.updated', school),
    ]);
    expect([...changes.users.keys()]).toEqual(['s1']);
    expect((changes.users.get('s1')!.name as { first: string }).first).toBe('Second');
    expect([...changes.deletedUsers.keys()]).toEqual(['s9']);
    expect([...changes.createdUserIds]).toEqual(['s9']);
    expect(changes.lastEvent?.id).toBe(`e${String(clock).padStart(3, '0')}`);
    expect(Object.fromEntries(changes.countsByType)).toEqual({
      'users.updated': 2,
      'users.created': 1,
      'users.deleted': 1,
      'districts.updated': 1,
      'schools.updated': 1,
    });
  });

  it('lists the members an update took out of a section, unless a later update put them back', () => {
    const changes = collect([
      event('sections.updated', section('c1', ['s1']), { students: ['s1', 's2', 's3'] }),
      event('sections.updated', section('c1', ['s1', 's3']), { students: ['s1'] }),
      event('sections.updated', section('c2', ['s1'], ['t2']), { teachers: ['t1', 't2'], teacher: 't1' }),
    ]);
    expect(Object.fromEntries([...changes.removedMembers].map(([id, out]) => [id, [...out]]))).toEqual({
      c1: ['s2'],
      c2: ['t1'],
    });
  });

  it.each([
    [
      'a contact changed',
      [event('users.updated', { id: 'c1', roles: { contact: { sis_id: 'C1' } } })],
      /contact c1 changed/,
    ],
    [
      'a contact role taken away',
      [event('users.updated', student('s1', 'S1'), { roles: { contact: { sis_id: 'C1' } } })],
      /contact s1 changed/,
    ],
    [
      'an event type it does not know',
      [event('students.updated', student('s1', 'S1'))],
      /not one an incremental read applies/,
    ],
    ['an action it does not know', [event('users.merged', student('s1', 'S1'))], /not one rostersync knows/],
    [
      'an event without object',
      [{ id: 'e900', type: 'users.updated', created: since.eventCreatedAt, data: {} }],
      /lacks/,
    ],
    [
      'an event not after the stored one',
      [{ ...event('users.updated', student('s1', 'S1')), id: 'd999' }],
      /not after the stored one/,
    ],
    [
      'events out of order',
      [
        { ...event('users.updated', student('s1', 'S1')), id: 'e800' },
        { ...event('users.updated', student('s2', 'S2')), id: 'e700' },
      ],
      /out of order/,
    ],
    [
      'an event older than the stored one',
      [{ ...event('users.updated', student('s1', 'S1')), created: '2026-11-01T00:00:00.000Z' }],
      /older than the stored event/,
    ],
  ])('refuses %s (a full read instead)', (_name, events, reason) => {
    const collected = collectCleverEvents(events, since);
    expect(collected.isUsable).toBe(false);
    expect(!collected.isUsable && collected.reason).toMatch(reason);
  });
});

describe('mapCleverEvents', () => {
  it('makes a delta snapshot: changed records mapped as a full read maps them, removals explicit', () => {
    const changes = collect([
      event('users.updated', student('s1', 'S1', 'Renamed')),
      event('users.created', student('s9', 'S9')),
      event('sections.updated', section('c1', ['s2']), { students: ['s2', 's3'] }),
      event('users.deleted', teacher('t1', 'T1')),
      event('sections.deleted', section('c7', [])),
    ]);
    // c1 still names t1 (deleted): its teachers are looked up like its students.
    const result = delta(changes, [student('s2', 'S2'), student('s3', 'S3')]);
    expect(result.isUsable).toBe(true);
    if (!result.isUsable) return;
    const { snapshot } = result;
    for (const entity of entityTypes) expect(snapshot.completeness[entity]).toBe('delta');
    expect(snapshot.people.get('S1')?.givenName).toBe('Renamed');
    expect([...snapshot.people.keys()].sort()).toEqual(['S1', 'S2', 'S3', 'S9']);
    expect(snapshot.enrollments.get('c1')?.userSisIds).toEqual(['S2']);
    expect([...snapshot.deleted.people]).toEqual(['T1']);
    expect([...snapshot.deleted.classes]).toEqual(['c7']);
    expect([...snapshot.deleted.enrollments]).toEqual([enrollmentKey('c1', 'S3')]);
    expect(snapshot.orgs.get('sch1')?.type).toBe('school');
  });

  it('records created users in the digest and frees the keys of deleted ones', () => {
    const digest = CleverKeyDigest.fromUsers(fullRead);
    const changes = collect([
      event('users.created', student('s9', 'S9')),
      event('users.deleted', student('s3', 'S3')),
    ]);
    expect(delta(changes, [], digest).isUsable).toBe(true);
    expect(digest.owner('S9', 's9')).toBe('same');
    expect(digest.owner('S3', 's3')).toBe('absent');
  });

  it.each([
    [
      'a created user whose SIS id another user holds',
      [event('users.created', teacher('t9', 'S1'))],
      [],
      /key S1 another user holds/,
    ],
    [
      'a user whose SIS id changed',
      [event('users.updated', student('s1', 'S1-new'))],
      [],
      /changed its SIS id/,
    ],
    [
      'a section member the last full read did not key',
      [event('sections.updated', section('c1', ['s1', 'x1']), { students: ['s1'] })],
      [student('s1', 'S1'), student('x1', 'X1')],
      /names Clever user x1/,
    ],
    [
      'a deleted user the last full read did not know',
      [event('users.deleted', student('x2', 'X2'))],
      [],
      /deleted Clever user x2/,
    ],
  ])('refuses %s (a full read instead)', (_name, events, members, reason) => {
    const result = delta(collect(events), members);
    expect(result.isUsable).toBe(false);
    expect(!result.isUsable && result.reason).toMatch(reason);
  });
});
