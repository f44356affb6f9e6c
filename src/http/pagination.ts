import { z } from 'zod';
import { isUuid } from '../directory/change-cursor.ts';
import { ApiError } from './errors/api-error.ts';

/** Items per page when the client does not say, and the most it may ask for. */
export const defaultPageLimit = 50;
export const maxPageLimit = 500;

/** The query of every paged list: `limit` and the `cursor` a previous page returned as `next`. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(maxPageLimit).default(defaultPageLimit),
  cursor: z.string().min(1).max(512).optional(),
};

/** A page of a list: `next` is the cursor of the following page, null on the last one. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * A page cursor: the sort key of the last item, with the list and district it belongs to, as
 * base64url JSON. Opaque to clients. Not secret: a forged one only moves within the lists the
 * principal may read anyway (every query filters on the district), and one of another list or
 * district is refused.
 */
export function encodePageCursor(list: string, districtId: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: list, d: districtId, k: key })).toString('base64url');
}

export function decodePageCursor(
  list: string,
  districtId: string,
  cursor: string,
  keyLength: number,
): string[] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      l?: unknown;
      d?: unknown;
      k?: unknown;
    };
    if (
      value.l === list &&
      value.d === districtId &&
      Array.isArray(value.k) &&
      value.k.length === keyLength &&
      value.k.every((part) => typeof part === 'string') &&
      // Every key ends with the item's id, compared with a uuid column.
      isUuid(value.k.at(-1) as string)
    ) {
      return value.k as string[];
    }
  } catch {
    // Falls through to the refusal.
  }
  throw new ApiError(
    'CURSOR_INVALID',
    'This is not a cursor of this list. Pass the `next` of a previous page.',
  );
}

/** Builds a page from `limit + 1` rows: the extra row only says there is a next page. */
export function toPage<Row, T>(
  rows: readonly Row[],
  limit: number,
  map: (row: Row) => T,
  cursorOf: (row: Row) => string,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * A page of a list kept in id order (UUIDv7: creation order): decodes the cursor (the last
 * id of the previous page), reads one row more than asked to learn whether a page follows,
 * and makes the next cursor.
 */
export async function pageById<Row extends { id: string }>(
  list: string,
  districtId: string,
  query: { limit: number; cursor?: string | undefined },
  read: (afterId: string | undefined, limit: number) => Promise<Row[]>,
): Promise<Page<Row>> {
  const afterId = query.cursor ? decodePageCursor(list, districtId, query.cursor, 1)[0] : undefined;
  const rows = await read(afterId, query.limit + 1);
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => encodePageCursor(list, districtId, [row.id]),
  );
}
