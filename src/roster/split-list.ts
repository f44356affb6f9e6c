import { ownString } from './own-string.ts';

/**
 * Splits a OneRoster list field ("a,b,c", quoted in the CSV) into its items, trimming each
 * and dropping empty ones. Items themselves are ids and stay otherwise byte-exact.
 */
export function splitList(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') return [];
  if (raw.indexOf(',') === -1) {
    const item = raw.trim();
    return item === '' ? [] : [ownString(item)];
  }
  const items: string[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item !== '') items.push(ownString(item));
  }
  return items;
}
