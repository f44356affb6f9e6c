import { contentHash } from './content-hash.ts';

/** The hash of a set (a classroom's members, a student's links): source order does not matter. */
export function groupHash(items: string[]): string {
  return contentHash([items.sort()]);
}

/** The hash of an empty group (a classroom without members, a student without links). */
export const emptyGroupHash = groupHash([]);
