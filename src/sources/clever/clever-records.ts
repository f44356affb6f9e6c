import { normalizeText } from '../../roster/normalize-text.ts';

/**
 * One Clever Data API object as the API returns it under `data[].data` (a user, section,
 * school…). Typed loosely on purpose: Clever leaves fields out, sends `""` for empty values and
 * adds fields between versions, so every field is read defensively (`readText`, `readIdList`).
 */
export type CleverObject = Record<string, unknown>;

/** Everything one full read of a Clever district returned, resource by resource. */
export interface CleverRecords {
  districts: readonly CleverObject[];
  schools: readonly CleverObject[];
  users: readonly CleverObject[];
  sections: readonly CleverObject[];
  terms: readonly CleverObject[];
  courses: readonly CleverObject[];
}

/** The listings whose early stop makes snapshot types partial (`CleverReadState.partial`). */
export type CleverListing = 'schools' | 'users' | 'sections' | 'terms' | 'courses';

/** How the read went: resources whose listing stopped early, each with the reason. */
export interface CleverReadState {
  partial: Partial<Record<CleverListing, string>>;
}

export type CleverApiVersion = 'v3.0' | 'v3.1';

/** A nested object field (`roles`, `roles.student`, `name`), or `undefined` when it is not one. */
export function readObject(record: CleverObject | undefined, field: string): CleverObject | undefined {
  const value = record?.[field];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as CleverObject)
    : undefined;
}

/**
 * A text field, trimmed; `null` when absent, empty or not text. Clever sends `""` for "none"
 * and leaves some empty fields out, so both read as empty. Numbers are taken as their text
 * (an SIS id exported as a number).
 */
export function readText(record: CleverObject | undefined, field: string): string | null {
  const value = record?.[field];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? normalizeText(value) : null;
}

/** A list of ids (`schools`, `students`, `teachers`): its non-empty text items, each once. */
export function readIdList(record: CleverObject | undefined, field: string): string[] {
  const value = record?.[field];
  if (!Array.isArray(value)) return [];
  const ids: string[] = [];
  for (const item of value) {
    const id = typeof item === 'string' ? normalizeText(item) : null;
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A list of objects (`student_relationships`); items that are not objects are dropped. */
export function readObjectList(record: CleverObject | undefined, field: string): CleverObject[] {
  const value = record?.[field];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is CleverObject => item !== null && typeof item === 'object' && !Array.isArray(item),
  );
}
