import type { CleverApiVersion } from './clever-records.ts';

/**
 * What a Clever config remembers between applied runs (`sync_configs.source_state`), so the
 * next run can read only the events since (SPEC §2.1). Plain JSON; anything that does not
 * parse as this shape is "no state", and the run reads everything.
 */
export interface CleverSourceState {
  /** Bumped when the shape changes: an older state then means a full read. */
  version: typeof cleverSourceStateVersion;
  /** The Clever district and API version the state was taken from: another one reads in full. */
  districtId: string;
  apiVersion: CleverApiVersion;
  /** A hash of the config's settings the records were mapped under (`hashCleverSettings`). */
  settingsHash: string;
  /**
   * The newest event already applied: a full read takes it *before* listing (events during
   * the listing are replayed next time, which is harmless); an incremental read, the last one
   * it paged. `null` when none is known (no events, events not enabled for the app, or a read
   * that did not finish): the next run reads in full.
   */
  eventId: string | null;
  /** That event's `created` (ISO 8601), or null. */
  eventCreatedAt: string | null;
  /** When the last full read began (ISO 8601). */
  fullReadAt: string;
  /** When the read that took this state began (ISO 8601): events after it are still at Clever for 30 days. */
  checkedAt: string;
  /** The users' keys as the last reads gave them (`CleverKeyDigest.encode`). */
  keyDigest: string;
}

export const cleverSourceStateVersion = 1;

/** The stored state when it is a Clever state of this version, else null. */
export function parseCleverSourceState(stored: Readonly<Record<string, unknown>>): CleverSourceState | null {
  const { version, districtId, apiVersion, settingsHash, eventId, eventCreatedAt } = stored;
  const { fullReadAt, checkedAt, keyDigest } = stored;
  const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
  const isTime = (value: unknown): value is string => isText(value) && !Number.isNaN(Date.parse(value));
  if (
    version !== cleverSourceStateVersion ||
    !isText(districtId) ||
    (apiVersion !== 'v3.0' && apiVersion !== 'v3.1') ||
    !isText(settingsHash) ||
    !(eventId === null || isText(eventId)) ||
    !(eventCreatedAt === null || isTime(eventCreatedAt)) ||
    !isTime(fullReadAt) ||
    !isTime(checkedAt) ||
    typeof keyDigest !== 'string'
  ) {
    return null;
  }
  return {
    version,
    districtId,
    apiVersion,
    settingsHash,
    eventId,
    eventCreatedAt,
    fullReadAt,
    checkedAt,
    keyDigest,
  };
}
