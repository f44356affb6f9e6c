/** A full name split into the parts a person record holds; `null` where there is none. */
export interface SplitName {
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
}

/**
 * Words that begin a family name when they stand before its last word ("Maria de la Cruz",
 * "Jan van der Berg", "Ludwig van Beethoven"). Never the first word: "Van Morrison" is a given
 * name and a family name.
 */
const particles = new Set([
  'al',
  'bin',
  'bint',
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'la',
  'le',
  'st.',
  'ten',
  'ter',
  'van',
  'von',
]);

/** Generational suffixes: they stay with the family name ("Smith Jr."). */
const suffixes = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

const isSuffix = (word: string): boolean => suffixes.has(word.toLowerCase());

/**
 * Splits a contact's full name, which Clever sends whole in `name.last` (its contacts have no
 * first name), into given, middle and family names:
 * - "Jane Q. Doe" → Jane / Q. / Doe; "Aaron Berge" → Aaron / – / Berge;
 * - "Doe, Jane Q." (family name first, as some SIS exports write it) → Jane / Q. / Doe;
 * - one word → the family name only (what an SIS holds when it has one name);
 * - particles before the last word go with the family name: "Maria de la Cruz" → Maria / – /
 *   de la Cruz;
 * - a suffix (Jr., Sr., II, III, IV) stays with the family name: "John Smith Jr." → John / – /
 *   Smith Jr.
 * Spaces are trimmed and collapsed; nothing else about the words is changed.
 */
export function splitContactName(fullName: string | null | undefined): SplitName {
  const text = (fullName ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return { givenName: null, middleName: null, familyName: null };
  const commaParts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // "Smith, Jr." is a name with a suffix, not "family, given".
  if (commaParts.length >= 2 && !isSuffix(commaParts[1]!)) {
    const [family, given, ...rest] = commaParts as [string, string, ...string[]];
    const familySuffix = rest.filter(isSuffix).join(' ');
    const givenWords = given.split(' ');
    return {
      givenName: givenWords[0]!,
      middleName: givenWords.length > 1 ? givenWords.slice(1).join(' ') : null,
      familyName: familySuffix === '' ? family : `${family} ${familySuffix}`,
    };
  }
  const words = commaParts.join(' ').split(' ');
  let end = words.length;
  // Suffixes at the end, as long as a family name stays before them.
  while (end > 1 && isSuffix(words[end - 1]!)) end--;
  const suffix = words.slice(end).join(' ');
  let familyStart = end - 1;
  while (familyStart > 1 && particles.has(words[familyStart - 1]!.toLowerCase())) familyStart--;
  const family = words.slice(familyStart, end).join(' ');
  return {
    givenName: familyStart > 0 ? words[0]! : null,
    middleName: familyStart > 1 ? words.slice(1, familyStart).join(' ') : null,
    familyName: suffix === '' ? family : `${family} ${suffix}`,
  };
}
