/**
 * Splits ids for `= any($1)` queries: one array parameter per batch keeps each statement's
 * parameter small and its plan an index lookup.
 */
export function* batches<T>(items: readonly T[], size = 5000): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
