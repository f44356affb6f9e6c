import type { Snapshot } from '../../roster/snapshot.ts';
import type { CleverClient } from './clever-client.ts';
import { CleverHttpError, CleverRequestError } from './clever-http-error.ts';
import { CleverKeyDigest } from './clever-key-digest.ts';
import { readObject, type CleverObject } from './clever-records.ts';
import type { CleverSourceState } from './clever-source-state.ts';
import { collectCleverEvents, mapCleverEvents, sectionMembers } from './map-clever-events.ts';
import type { MapCleverOptions } from './map-clever-to-snapshot.ts';

/**
 * Section members an incremental read looks up one by one before a full read is the cheaper
 * way: a full read of a 10,000-user district is a handful of 10,000-record pages, and Clever
 * allows 1,200 requests a minute.
 */
const MAX_MEMBER_LOOKUPS = 1000;
/**
 * Events an incremental read holds before a full read is the better way: a term's rollover
 * brings hundreds of thousands, each the whole record (a few KB), which a full read lists in
 * far fewer requests and less memory.
 */
const MAX_EVENTS = 50_000;

export interface CleverEventsRead {
  snapshot: Snapshot;
  /** The state for the next run: the newest event read, the keys as this read leaves them. */
  state: CleverSourceState;
  /** Events read per type. */
  countsByType: ReadonlyMap<string, number>;
  eventCount: number;
}

export type CleverEventsResult =
  ({ isIncremental: true } & CleverEventsRead) | { isIncremental: false; reason: string };

/**
 * An incremental read (SPEC §2.1): the events after the state's event, as a delta snapshot.
 * Any doubt returns the reason to read in full instead, never a partial delta: the stored
 * event unknown to Clever (past its 30 days, or another district's), an events page that
 * fails, events that do not follow the stored one, an event a delta cannot express
 * (`collectCleverEvents`), a section member that cannot be looked up, a key the last full
 * read did not give (`mapCleverEvents`). Even a 401/403 reads in full: the full read's own
 * listings tell whether the credentials are really refused.
 * Nothing is reported as a finding until the delta is certain: a fallback leaves no trace
 * but its reason.
 */
export async function readCleverEvents(
  client: CleverClient,
  state: CleverSourceState & { eventId: string },
  options: MapCleverOptions & { now: Date },
): Promise<CleverEventsResult> {
  const full = (reason: string): CleverEventsResult => ({ isIncremental: false, reason });
  const digest = CleverKeyDigest.decode(state.keyDigest);
  if (!digest) return full('the stored user keys are unreadable');
  try {
    // Clever answers `starting_after` with an id it no longer has as if it had it (the ids
    // are compared, as in the recorded interactions): only asking for the event tells
    // whether events were dropped after it.
    try {
      await client.get(`/events/${encodeURIComponent(state.eventId)}`);
    } catch (error) {
      if (error instanceof CleverRequestError && error.status === 404) {
        return full(
          `Clever no longer has event ${state.eventId} (older than 30 days, or not the district’s)`,
        );
      }
      throw error;
    }
    const events: CleverObject[] = [];
    for await (const page of client.pages('events', { starting_after: state.eventId })) {
      events.push(...page);
      if (events.length > MAX_EVENTS)
        return full(`more than ${MAX_EVENTS} events since the last run: a full read is cheaper`);
    }
    const collected = collectCleverEvents(events, state);
    if (!collected.isUsable) return full(collected.reason);
    const { changes } = collected;

    const toLookUp = new Set<string>();
    for (const section of changes.sections.values()) {
      for (const member of sectionMembers(section)) toLookUp.add(member);
    }
    for (const removed of changes.removedMembers.values()) {
      for (const member of removed) if (!changes.deletedUsers.has(member)) toLookUp.add(member);
    }
    for (const cleverId of changes.users.keys()) toLookUp.delete(cleverId);
    if (toLookUp.size > MAX_MEMBER_LOOKUPS) {
      return full(`the changed sections name ${toLookUp.size} users to look up; a full read is cheaper`);
    }
    const members = new Map<string, CleverObject>();
    for (const cleverId of [...toLookUp].sort()) {
      try {
        const body = await client.get(`/users/${encodeURIComponent(cleverId)}`);
        const user = readObject(body as CleverObject, 'data');
        if (!user || user.id !== cleverId)
          return full(`Clever answered for user ${cleverId} with something else`);
        members.set(cleverId, user);
      } catch (error) {
        if (error instanceof CleverRequestError && error.status === 404) {
          return full(`a changed section names Clever user ${cleverId}, whom Clever no longer has`);
        }
        throw error;
      }
    }
    const districts = await listWhole(client, 'districts');
    const schools = await listWhole(client, 'schools');

    const delta = mapCleverEvents(
      { changes, districts, schools, members, digest, sinceEventId: state.eventId },
      options,
    );
    if (!delta.isUsable) return full(delta.reason);
    const last = changes.lastEvent;
    return {
      isIncremental: true,
      snapshot: delta.snapshot,
      state: {
        ...state,
        eventId: last?.id ?? state.eventId,
        eventCreatedAt: last?.created ?? state.eventCreatedAt,
        checkedAt: options.now.toISOString(),
        keyDigest: digest.encode(),
      },
      countsByType: changes.countsByType,
      eventCount: events.length,
    };
  } catch (error) {
    // A page that still fails after its retries: the events are not whole, so none are used.
    // A 401/403 here is no proof the token is bad (the connection checked it with `/me`;
    // the app may not be allowed events): the full read finds out.
    if (error instanceof CleverHttpError) return full(`a request failed: ${error.message}`);
    throw error;
  }
}

async function listWhole(client: CleverClient, resource: 'districts' | 'schools'): Promise<CleverObject[]> {
  const objects: CleverObject[] = [];
  for await (const page of client.pages(resource)) objects.push(...page);
  return objects;
}
