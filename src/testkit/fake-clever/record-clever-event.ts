import { firstIndexAtOrAfter } from './select-clever-page.ts';
import {
  cleverResources,
  type CleverData,
  type CleverEvent,
  type CleverEventType,
  type CleverRecord,
  type CleverResource,
} from './clever-data.ts';

const eventTypePattern = new RegExp(`^(${cleverResources.join('|')})\\.(created|updated|deleted)$`);

/**
 * Appends a Clever event to `data.events` and applies it to the records, as Clever's own data
 * would have changed: `.created` and `.updated` put `object` in place of the record with its id
 * (Clever's event object is the whole record after the change), `.deleted` removes it. Records
 * stay sorted by id. The event id is a new 24-hex id greater than every event id in `data`,
 * ObjectId-like (the creation second first) so ids still sort by time.
 */
export function recordCleverEvent(
  data: CleverData,
  type: CleverEventType,
  object: CleverRecord,
  previousAttributes: Record<string, unknown> | undefined,
  now: Date,
): CleverEvent {
  const match = eventTypePattern.exec(type);
  if (!match) throw new Error(`recordEvent: unknown Clever event type "${type}"`);
  if (typeof object.id !== 'string' || object.id === '') throw new Error('recordEvent: the object has no id');
  const resource = match[1] as CleverResource;
  const records = data[resource];
  const index = firstIndexAtOrAfter(records, object.id);
  const isPresent = records[index]?.id === object.id;
  if (match[2] === 'deleted') {
    if (isPresent) records.splice(index, 1);
  } else {
    records.splice(index, isPresent ? 1 : 0, structuredClone(object));
  }
  const payload: CleverEvent['data'] = { object: structuredClone(object) };
  if (previousAttributes !== undefined) payload.previous_attributes = structuredClone(previousAttributes);
  const lastId = data.events.reduce(
    (max, event) => (isHexId(event.id) && event.id > max ? event.id : max),
    '',
  );
  // Key order as Clever sends events: created, data, id, type.
  const event: CleverEvent = {
    created: now.toISOString(),
    data: payload,
    id: nextEventId(lastId, now),
    type,
  };
  data.events.push(event);
  return event;
}

/** An ObjectId-like id for `now` (8 hex of epoch seconds, then a counter), above `lastId`. */
function nextEventId(lastId: string, now: Date): string {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  const fromClock = seconds << 64n;
  const afterLast = lastId === '' ? 0n : BigInt(`0x${lastId}`) + 1n;
  const id = fromClock > afterLast ? fromClock : afterLast;
  return id.toString(16).padStart(24, '0');
}

function isHexId(id: string): boolean {
  return /^[0-9a-f]{24}$/.test(id);
}
