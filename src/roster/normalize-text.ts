import { ownString } from './own-string.ts';
/**
 * Trims outer whitespace (including the no-break and zero-width spaces SIS exports carry);
 * an empty result is `null`. Inner content is never touched. The result is a string of its
 * own (see `ownString`), safe to keep.
 */
export function normalizeText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // trim() takes every Unicode space and the BOM; the zero-width space is not one.
  let trimmed = raw.trim();
  if (trimmed.charCodeAt(0) === 0x200b || trimmed.charCodeAt(trimmed.length - 1) === 0x200b) {
    trimmed = trimmed.replace(zeroWidthEdges, '');
  }
  return trimmed === '' ? null : ownString(trimmed);
}

const zeroWidthEdges = /^[\s\u200b]+|[\s\u200b]+$/g;
