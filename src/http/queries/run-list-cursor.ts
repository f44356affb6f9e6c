import { ApiError } from '../errors/api-error.ts';
import { decodePageCursor, encodePageCursor } from '../pagination.ts';

/** The paged lists of one run. */
export type RunList = 'run-changes' | 'run-findings';

/**
 * A page cursor of one run's list: the position of the page's last item, then the run id. The
 * run id makes a cursor of another run (or district: the page helpers check that) a refusal
 * rather than a jump, and puts a uuid last, as the page helpers want.
 */
export function encodeRunListCursor(
  list: RunList,
  districtId: string,
  runId: string,
  position: readonly string[],
): string {
  return encodePageCursor(list, districtId, [...position, runId]);
}

/**
 * The position in a cursor of `encodeRunListCursor`, read by `parse`, which returns undefined
 * for a position that is not one: refused here, before any part reaches a typed column.
 */
export function decodeRunListCursor<Position>(
  list: RunList,
  districtId: string,
  runId: string,
  cursor: string,
  position: { length: number; parse: (parts: readonly string[]) => Position | undefined },
): Position {
  const key = decodePageCursor(list, districtId, cursor, position.length + 1);
  const parsed = key.at(-1) === runId ? position.parse(key.slice(0, -1)) : undefined;
  if (parsed !== undefined) return parsed;
  throw new ApiError(
    'CURSOR_INVALID',
    'This is not a cursor of this run’s list. Pass the `next` of a previous page.',
  );
}

/** A non-negative integer of at most `digits` digits, as text (fits its column: int4, int8, xid8). */
export function isDecimal(text: string, digits: number): boolean {
  return text.length <= digits && /^(0|[1-9][0-9]*)$/.test(text);
}
