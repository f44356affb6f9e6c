import type { CleverPage } from './select-clever-page.ts';

/** A link of a Clever response: always relative to the API host, as Clever sends them. */
export interface CleverLink {
  rel: string;
  uri: string;
}

/**
 * The `links` of a list response, in Clever's order (self, prev, next) and format: the cursor
 * goes last after the other query parameters (`/v3.0/users?limit=25&starting_after=…`).
 * - `next` only when more records follow (an `ending_before` page always has one: the records
 *   after it exist or the cursor came from somewhere).
 * - `prev` on every non-empty `starting_after` page, pointing before its first record, even when
 *   nothing precedes it — Clever documents exactly that; on `ending_before` pages only when more
 *   records precede.
 */
export function cleverPageLinks(
  self: string,
  pathname: string,
  params: URLSearchParams,
  page: CleverPage<{ id: string }>,
): CleverLink[] {
  const links: CleverLink[] = [{ rel: 'self', uri: self }];
  const first = page.items[0];
  const last = page.items.at(-1);
  const isBackward = params.has('ending_before');
  const hasPrev = isBackward ? page.hasMoreBefore : params.has('starting_after');
  const hasNext = isBackward ? last !== undefined : page.hasMoreAfter;
  if (hasPrev && first !== undefined) {
    links.push({ rel: 'prev', uri: withCursor(pathname, params, 'ending_before', first.id) });
  }
  if (hasNext && last !== undefined) {
    links.push({ rel: 'next', uri: withCursor(pathname, params, 'starting_after', last.id) });
  }
  return links;
}

function withCursor(pathname: string, params: URLSearchParams, name: string, id: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of params) {
    if (key !== 'starting_after' && key !== 'ending_before') query.append(key, value);
  }
  query.append(name, id);
  return `${pathname}?${query.toString()}`;
}
