/**
 * Real area codes: fictional 555 numbers are rejected by libphonenumber, and the sync must see
 * numbers it accepts as credentials.
 */
const areaCodes = [
  '212',
  '312',
  '415',
  '617',
  '718',
  '202',
  '213',
  '305',
  '404',
  '503',
  '512',
  '602',
  '646',
  '702',
  '713',
  '720',
  '773',
  '818',
  '916',
  '919',
];

/** Exchanges 200–999 without the N11 service codes and the fictional 555. */
const exchanges: string[] = [];
for (let exchange = 200; exchange <= 999; exchange++) {
  if (exchange % 100 === 11 || exchange === 555) continue;
  exchanges.push(String(exchange));
}

const numberSpace = areaCodes.length * exchanges.length * 10_000;
/**
 * Coprime with `numberSpace` (no factor 2, 5, 7 or 113), so the scramble is a bijection; about
 * a third of the space, so neighbouring keys land far apart; small enough that key × factor
 * stays an exact integer in a double.
 */
const scrambleFactor = 50_331_653;
const scrambleOffset = 12_345_679;

/**
 * The 10-digit national number for a key. Different keys below about 158 million give
 * different numbers, scattered over area codes and exchanges instead of counting up.
 */
export function phoneDigits(key: number): string {
  const scrambled = ((key % numberSpace) * scrambleFactor + scrambleOffset) % numberSpace;
  const area = areaCodes[scrambled % areaCodes.length]!;
  const rest = Math.floor(scrambled / areaCodes.length);
  const exchange = exchanges[rest % exchanges.length]!;
  const line = String(Math.floor(rest / exchanges.length)).padStart(4, '0');
  return `${area}${exchange}${line}`;
}

/** The assorted ways SIS exports write one number. */
export function formatPhone(digits: string, style: number): string {
  const area = digits.slice(0, 3);
  const exchange = digits.slice(3, 6);
  const line = digits.slice(6);
  // About 40 % "(212) 201-3344", 35 % "212-201-3344", 20 % "+12122013344", 5 % "212.201.3344".
  const slot = style % 20;
  if (slot < 8) return `(${area}) ${exchange}-${line}`;
  if (slot < 15) return `${area}-${exchange}-${line}`;
  if (slot < 19) return `+1${digits}`;
  return `${area}.${exchange}.${line}`;
}

/** Every area code and exchange the generator uses, for tests that check them all. */
export function listPhonePrefixes(): string[] {
  return areaCodes.flatMap((area) => exchanges.map((exchange) => `${area}${exchange}`));
}
