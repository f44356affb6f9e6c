/** The record types the fake Clever server lists, in the order Clever's docs list them. */
export const cleverResources = ['districts', 'schools', 'users', 'sections', 'terms', 'courses'] as const;

export type CleverResource = (typeof cleverResources)[number];

/**
 * One Clever Data API v3 object as Clever sends it under `data[].data`: a 24-hex `id` and
 * whatever fields Clever gives that type (`district`, `name`, `roles`, `students`…). Kept as
 * plain JSON so the fake serves what it was given byte for byte, quirks included.
 */
export interface CleverRecord {
  id: string;
  [field: string]: unknown;
}

/** The actions of Clever's events (`users.created`, `sections.updated`, `schools.deleted`…). */
export type CleverEventAction = 'created' | 'updated' | 'deleted';

export type CleverEventType = `${CleverResource}.${CleverEventAction}`;

/**
 * One Clever event as `/v3.0/events` sends it under `data[].data`. `data.object` is the whole
 * object after the change (before it, for `.deleted`); `previous_attributes` holds only the
 * fields an `.updated` event changed, with their old values.
 */
export interface CleverEvent {
  created: string;
  data: { object: CleverRecord; previous_attributes?: Record<string, unknown> };
  id: string;
  type: string;
}

/**
 * What a fake Clever server serves: every record of every district it knows, one array per
 * resource, plus the event log. `rostersync generate --format clever-json` writes exactly this
 * shape to `clever.json`.
 */
export interface CleverData {
  districts: CleverRecord[];
  schools: CleverRecord[];
  users: CleverRecord[];
  sections: CleverRecord[];
  terms: CleverRecord[];
  courses: CleverRecord[];
  events: CleverEvent[];
}

/** Data with no records at all. */
export function emptyCleverData(): CleverData {
  return { districts: [], schools: [], users: [], sections: [], terms: [], courses: [], events: [] };
}
