import { enrollmentKey, entityTypes, markDelta, type Snapshot } from '../../roster/snapshot.ts';
import type { CleverKeyDigest } from './clever-key-digest.ts';
import { readIdList, readObject, readText, type CleverObject } from './clever-records.ts';
import { mapCleverToSnapshot, type MapCleverOptions } from './map-clever-to-snapshot.ts';
import { naturalCleverKey } from './natural-clever-key.ts';

/**
 * Clever objects events name that feed nothing an incremental read keeps: districts and
 * schools are listed afresh every run (a few records), terms and courses feed only ids the
 * classes carry, and resources no roster at all.
 */
const ignoredResources = new Set(['districts', 'schools', 'terms', 'courses', 'resources']);

/** An hour of slack for `created` going backwards between events Clever made in one burst. */
const CREATED_SLACK_MS = 60 * 60 * 1000;

/** The last event of each changed record, after a run of events. */
export interface CleverEventChanges {
  /** Users whose last event created or updated them: the whole user after it. */
  users: Map<string, CleverObject>;
  /** Clever ids of users an event of the window created. */
  createdUserIds: Set<string>;
  /** Users whose last event deleted them: the user as it was. */
  deletedUsers: Map<string, CleverObject>;
  /** Sections whose last event created or updated them: the whole section after it. */
  sections: Map<string, CleverObject>;
  deletedSectionIds: Set<string>;
  /** Per section still there: Clever ids of users an update took out and that are not members now. */
  removedMembers: Map<string, Set<string>>;
  /** Events per type (`users.updated`: 3), ignored ones included. */
  countsByType: Map<string, number>;
  /** The newest event, or null when there was none. */
  lastEvent: { id: string; created: string } | null;
}

export type CollectedEvents =
  { isUsable: true; changes: CleverEventChanges } | { isUsable: false; reason: string };

/**
 * Folds the events after `since` (as `/events?starting_after=` listed them, oldest first)
 * into the last state of each record: the last event of a record wins, and one created and
 * then deleted is just deleted. Pure. Refuses (`isUsable: false`, with the reason for a full
 * read) events out of order or not after `since`, events it cannot read, types it does not
 * know, and changes a delta cannot express: any change of a contact (its guardian links come
 * from all its students, and a delta snapshot has no way to say one link was removed: only
 * a full read, where absence means removal, can).
 */
export function collectCleverEvents(
  events: readonly CleverObject[],
  since: { eventId: string; eventCreatedAt: string | null },
): CollectedEvents {
  const refuse = (reason: string): CollectedEvents => ({ isUsable: false, reason });
  const changes: CleverEventChanges = {
    users: new Map(),
    createdUserIds: new Set(),
    deletedUsers: new Map(),
    sections: new Map(),
    deletedSectionIds: new Set(),
    removedMembers: new Map(),
    countsByType: new Map(),
    lastEvent: null,
  };
  const takenOut = new Map<string, Set<string>>();
  let previousId = since.eventId;
  const sinceCreatedMs = since.eventCreatedAt === null ? null : Date.parse(since.eventCreatedAt);
  for (const event of events) {
    const id = readText(event, 'id');
    const type = readText(event, 'type');
    const created = readText(event, 'created');
    const data = readObject(event, 'data');
    const object = readObject(data, 'object');
    const objectId = readText(object, 'id');
    if (!id || !type || !created || Number.isNaN(Date.parse(created)) || !object || !objectId) {
      return refuse(`Clever event ${id ?? '(no id)'} lacks its id, type, time or object`);
    }
    // Clever lists events in id order, ids growing with time; anything else is a listing that
    // cannot be trusted to be whole.
    if (!(id > previousId)) {
      return refuse(
        `Clever listed event ${id} after ${previousId}: events out of order, or not after the stored one`,
      );
    }
    if (sinceCreatedMs !== null && Date.parse(created) < sinceCreatedMs - CREATED_SLACK_MS) {
      return refuse(
        `Clever event ${id} (${created}) is older than the stored event (${since.eventCreatedAt})`,
      );
    }
    previousId = id;
    changes.lastEvent = { id, created };
    changes.countsByType.set(type, (changes.countsByType.get(type) ?? 0) + 1);
    const [resource, action, ...rest] = type.split('.');
    if (rest.length > 0 || (action !== 'created' && action !== 'updated' && action !== 'deleted')) {
      return refuse(`Clever event type "${type}" is not one rostersync knows`);
    }
    if (ignoredResources.has(resource as string)) continue;
    const previous = readObject(data, 'previous_attributes');
    if (resource === 'users') {
      if (
        readObject(readObject(object, 'roles'), 'contact') ||
        readObject(previous, 'roles')?.contact !== undefined
      ) {
        return refuse(
          `contact ${objectId} changed (${type}): a contact’s guardian links come from all its students, and an incremental read cannot remove a link`,
        );
      }
      if (naturalCleverKey(object) === null) return refuse(`Clever user ${objectId} (${type}) has no role`);
      if (action === 'deleted') {
        changes.users.delete(objectId);
        changes.deletedUsers.set(objectId, object);
      } else {
        changes.deletedUsers.delete(objectId);
        changes.users.set(objectId, object);
        if (action === 'created') changes.createdUserIds.add(objectId);
      }
      continue;
    }
    if (resource === 'sections') {
      if (action === 'deleted') {
        changes.sections.delete(objectId);
        changes.deletedSectionIds.add(objectId);
        continue;
      }
      changes.deletedSectionIds.delete(objectId);
      changes.sections.set(objectId, object);
      if (previous) {
        let out = takenOut.get(objectId);
        if (!out) takenOut.set(objectId, (out = new Set()));
        for (const member of sectionMembers(previous)) out.add(member);
      }
      continue;
    }
    return refuse(`Clever event type "${type}" is not one an incremental read applies`);
  }
  // Who an update took out is who the section listed before and does not list now; one taken
  // out and put back within the window is a member, as the last event says.
  for (const [sectionId, out] of takenOut) {
    const section = changes.sections.get(sectionId);
    if (!section) continue;
    const now = new Set(sectionMembers(section));
    const removed = new Set([...out].filter((member) => !now.has(member)));
    if (removed.size > 0) changes.removedMembers.set(sectionId, removed);
  }
  return { isUsable: true, changes };
}

/** The Clever ids of a section's students and teachers (the `teacher` field included). */
export function sectionMembers(section: CleverObject): string[] {
  const teacher = readText(section, 'teacher');
  return [
    ...readIdList(section, 'students'),
    ...readIdList(section, 'teachers'),
    ...(teacher === null ? [] : [teacher]),
  ];
}

export interface CleverDeltaInput {
  changes: CleverEventChanges;
  /** The district and its schools, listed this run (orgs are few and read whole every time). */
  districts: readonly CleverObject[];
  schools: readonly CleverObject[];
  /**
   * Section members and removed members not among the changed users, read one by one by
   * Clever id; a deleted user is not here (its last event has it).
   */
  members: ReadonlyMap<string, CleverObject>;
  /** The users' keys as the reads so far gave them; updated for created and deleted users. */
  digest: CleverKeyDigest;
  /** Names the window in the delta's reason (`events after …`). */
  sinceEventId: string;
}

export type CleverDelta = { isUsable: true; snapshot: Snapshot } | { isUsable: false; reason: string };

/**
 * The delta snapshot of a window of events: every entity type a `delta` (absence removes
 * nothing), the changed users and sections mapped by the same functions as a full read
 * (`mapCleverToSnapshot`), with the members their sections name so each membership finds its
 * person, and the removals made explicit: deleted users and sections, and the members an
 * update took out of a section (`snapshot.deleted.enrollments`). Pure. Refuses a user whose
 * key the last reads did not give it (another user holds its SIS id, or its SIS id changed):
 * which user keeps a key is decided over all of them, in a full read.
 */
export function mapCleverEvents(input: CleverDeltaInput, options: MapCleverOptions): CleverDelta {
  const { changes, digest, members } = input;
  const refuse = (reason: string): CleverDelta => ({ isUsable: false, reason });
  for (const [cleverId, user] of changes.users) {
    const key = naturalCleverKey(user) as string;
    const owner = digest.owner(key, cleverId);
    if (owner === 'other') return refuse(`Clever user ${cleverId} has the key ${key} another user holds`);
    if (owner === 'absent' && !changes.createdUserIds.has(cleverId)) {
      return refuse(
        `Clever user ${cleverId} changed its SIS id (now ${key}), or was not in the last full read`,
      );
    }
  }
  for (const [cleverId, user] of members) {
    const key = naturalCleverKey(user);
    if (key === null || digest.owner(key, cleverId) !== 'same') {
      return refuse(
        `a changed section names Clever user ${cleverId}, whose key the last full read did not give it`,
      );
    }
  }
  // A deleted user goes by the key the reads so far gave it. One created and deleted within
  // the window was never synced: there is nothing to delete.
  const deletedKey = (cleverId: string, user: CleverObject): string | null | 'never synced' =>
    digest.keyOf(user) ?? (changes.createdUserIds.has(cleverId) ? 'never synced' : null);
  const keyOfUser = (cleverId: string): string | null => {
    const user = changes.users.get(cleverId) ?? members.get(cleverId);
    if (user) return naturalCleverKey(user);
    const deleted = changes.deletedUsers.get(cleverId);
    const key = deleted ? deletedKey(cleverId, deleted) : null;
    return key === 'never synced' ? null : key;
  };

  const deletedPeople = new Map<string, string>();
  for (const [cleverId, user] of changes.deletedUsers) {
    const key = deletedKey(cleverId, user);
    if (key === null) return refuse(`deleted Clever user ${cleverId} has no key the last full read gave it`);
    if (key !== 'never synced') deletedPeople.set(cleverId, key);
  }
  const deletedEnrollments: string[] = [];
  for (const [sectionId, removed] of changes.removedMembers) {
    for (const cleverId of removed) {
      const key = keyOfUser(cleverId);
      if (key === null) {
        // Created and deleted within the window: never a member in the directory.
        if (changes.createdUserIds.has(cleverId) && changes.deletedUsers.has(cleverId)) continue;
        return refuse(`Clever user ${cleverId}, taken out of section ${sectionId}, cannot be found`);
      }
      deletedEnrollments.push(enrollmentKey(sectionId, key));
    }
  }

  const snapshot = mapCleverToSnapshot(
    {
      districts: input.districts,
      schools: input.schools,
      users: [...changes.users.values(), ...[...members.values()].map(withoutContactRole)],
      sections: [...changes.sections.values()],
      terms: [],
      courses: [],
    },
    { partial: {} },
    options,
  );
  const reason = `an incremental Clever read: only the events after ${input.sinceEventId}`;
  for (const entity of entityTypes) markDelta(snapshot, entity, reason);
  for (const key of deletedPeople.values()) {
    // A record is never both in the roster and deleted (`DeletedRecords`): the roster wins.
    if (!snapshot.people.has(key)) snapshot.deleted.people.add(key);
  }
  for (const sectionId of changes.deletedSectionIds) snapshot.deleted.classes.add(sectionId);
  for (const key of deletedEnrollments) snapshot.deleted.enrollments.add(key);

  for (const [cleverId, user] of changes.users) digest.claim(naturalCleverKey(user) as string, cleverId);
  for (const [cleverId, key] of deletedPeople) digest.release(key, cleverId);
  return { isUsable: true, snapshot };
}

/**
 * A section member read only to place its memberships: its contact role (a teacher who is
 * also a parent) is left out, since its guardian links would need all its students.
 */
function withoutContactRole(user: CleverObject): CleverObject {
  const roles = readObject(user, 'roles');
  if (!roles || roles.contact === undefined) return user;
  const { contact: _contact, ...rest } = roles;
  return { ...user, roles: rest };
}
