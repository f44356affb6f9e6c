/**
 * Trims outer whitespace (including the no-break and zero-width spaces SIS exports carry);
 * an empty result is `null`. Inner content is never touched.
 */
export function normalizeText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const trimmed = raw.replace(outerSpace, '');
  return trimmed === '' ? null : trimmed;
}

const outerSpace = /^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g;
