/** Personal mail domains of guardians: reserved example domains, never real providers. */
export const personalDomains = [
  'example.com',
  'example.net',
  'example.org',
  'mail.example.com',
  'inbox.example.net',
  'post.example.org',
];

/** Letters that Unicode decomposition does not reduce to ASCII. */
const foldedLetters: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe' };

/** Slugs of the names seen so far: names come from small pools, and NFD is slow. */
const slugs = new Map<string, string>();

/** The ASCII letters and digits of a name, lower-cased: "Nguyễn" → "nguyen", "O'Brien" → "obrien". */
export function slugName(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = name
      .normalize('NFD')
      .toLowerCase()
      .replace(/[øłđßæœ]/g, (letter) => foldedLetters[letter] ?? '')
      .replace(/[^a-z0-9]/g, '');
    slugs.set(name, slug);
  }
  return slug;
}

/**
 * The same address as people type it with capitals ("Maria.Garcia12@Example.com"): the sync
 * compares emails case-insensitively, and some sources send them like that.
 */
export function capitalizeEmail(email: string): string {
  return email.replace(
    /(^|[.@])([a-z])/g,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}
