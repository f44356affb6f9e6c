import { hash } from 'node:crypto';

const separator = '\u001f';
const absent = '\u0001';
const nullValue = '\u0002';

/**
 * The content hash of a record's target state: the values the sync would write, in a fixed
 * order. When it equals the stored hash, the record is unchanged and costs one comparison.
 * `undefined` (the source has no usable value) hashes apart from `null` (empty).
 */
export function contentHash(
  values: readonly (string | boolean | null | undefined | readonly string[])[],
): string {
  let text = '';
  for (const value of values) {
    if (value === undefined) text += absent;
    else if (value === null) text += nullValue;
    else if (typeof value === 'string') text += value;
    else if (typeof value === 'boolean') text += value ? 'T' : 'F';
    else text += value.join('\u001e');
    text += separator;
  }
  // 64 bits are plenty to notice a change to one record, and a third of the memory of the
  // full digest across millions of records.
  return hash('sha1', text, 'base64url').slice(0, 11);
}
