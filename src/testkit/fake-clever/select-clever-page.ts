/** Which page a list request asks for: Clever's range paging by record id. */
export interface CleverPageQuery {
  /** Records per page (Clever: default 100, at most 10000). */
  limit: number;
  /** Records whose id sorts after this one (the id need not exist: ids are compared, not looked up). */
  startingAfter?: string;
  /** Records whose id sorts before this one. */
  endingBefore?: string;
}

export interface CleverPage<T> {
  items: T[];
  /** Whether a visible record follows the page's last item. */
  hasMoreAfter: boolean;
  /** Whether a visible record precedes the page's first item (worked out for `endingBefore` only). */
  hasMoreBefore: boolean;
}

/**
 * One page of `records`, which must be sorted by id ascending (Clever orders every list by id,
 * i.e. by creation time). `isVisible` applies the token's district and the query's filters; the
 * cursor is found by binary search and the page filled by walking from it, so a page costs
 * its own size plus the invisible records skipped, not the whole list.
 */
export function selectCleverPage<T extends { id: string }>(
  records: readonly T[],
  isVisible: (record: T) => boolean,
  query: CleverPageQuery,
): CleverPage<T> {
  const items: T[] = [];
  if (query.endingBefore !== undefined) {
    let index = firstIndexAtOrAfter(records, query.endingBefore) - 1;
    for (; index >= 0 && items.length < query.limit; index--) {
      const record = records[index]!;
      if (isVisible(record)) items.push(record);
    }
    items.reverse();
    return { items, hasMoreAfter: false, hasMoreBefore: hasVisible(records, isVisible, index, -1) };
  }
  let index = query.startingAfter === undefined ? 0 : firstIndexAfter(records, query.startingAfter);
  for (; index < records.length && items.length < query.limit; index++) {
    const record = records[index]!;
    if (isVisible(record)) items.push(record);
  }
  return { items, hasMoreAfter: hasVisible(records, isVisible, index, 1), hasMoreBefore: false };
}

/**
 * The 1-based number of the page a forward request reads when every page before it had
 * `limit` records: how fault injection names "page 3 of /v3.0/users" whatever the cursor ids.
 */
export function cleverPageNumber<T extends { id: string }>(
  records: readonly T[],
  isVisible: (record: T) => boolean,
  limit: number,
  startingAfter: string | undefined,
): number {
  if (startingAfter === undefined) return 1;
  const end = firstIndexAfter(records, startingAfter);
  let before = 0;
  for (let index = 0; index < end; index++) if (isVisible(records[index]!)) before++;
  return Math.floor(before / limit) + 1;
}

function hasVisible<T>(records: readonly T[], isVisible: (record: T) => boolean, from: number, step: 1 | -1) {
  for (let index = from; index >= 0 && index < records.length; index += step) {
    if (isVisible(records[index]!)) return true;
  }
  return false;
}

/** The index of the first record whose id is greater than `id`. */
function firstIndexAfter(records: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (records[middle]!.id <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first record whose id is `id` or greater. */
export function firstIndexAtOrAfter(records: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (records[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
