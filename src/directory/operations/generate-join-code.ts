import { randomInt } from 'node:crypto';

/**
 * The join code alphabet: capitals and digits without the look-alikes 0/O, 1/I/L, so a code
 * read off a letter home is typed right. 31 symbols: 8 of them make about 2^39.6 codes.
 */
export const joinCodeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const joinCodeLength = 8;

/** A fresh random join code (crypto-strength: a code is a bearer secret). */
export function generateJoinCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < joinCodeLength; i++) code += joinCodeAlphabet[random(joinCodeAlphabet.length)];
  return code;
}

/**
 * A typed code as stored: upper case, spaces and dashes dropped (codes are often printed in
 * two groups, `ABCD-EFGH`); null when it cannot be a code.
 */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== joinCodeLength) return null;
  for (const symbol of code) if (!joinCodeAlphabet.includes(symbol)) return null;
  return code;
}
