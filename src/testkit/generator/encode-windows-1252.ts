/** The characters Windows-1252 puts at 0x80–0x9F, where ISO-8859-1 has control codes. */
const upperControlRange = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const byteOf = new Map<string, number>();
for (let code = 0; code < 0x100; code++) {
  byteOf.set(code >= 0x80 && code < 0xa0 ? upperControlRange[code - 0x80]! : String.fromCharCode(code), code);
}

/** Letters a Windows-1252 export would lose: a SIS writing them maps them to their base letter. */
const fallbackLetters: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i' };

/**
 * Encodes text as Windows-1252, the way old SIS exports write names like "José" (one byte,
 * 0xE9). Characters the code page lacks (the "ễ" of Nguyễn, "ł", "ś") lose their accent
 * ("Nguyen"), and anything still unknown becomes "?", as Windows' converters do.
 */
export function encodeWindows1252(text: string): Buffer {
  // Decomposition can turn one character into several (Hangul syllables), hence the margin.
  const bytes = Buffer.allocUnsafe(text.length * 3);
  let length = 0;
  for (const character of text) {
    const byte = byteOf.get(character);
    if (byte === undefined) {
      const base = (fallbackLetters[character] ?? character.normalize('NFD')).replace(/[\u0300-\u036f]/g, '');
      for (const part of base) bytes[length++] = byteOf.get(part) ?? 0x3f;
      continue;
    }
    bytes[length++] = byte;
  }
  return bytes.subarray(0, length);
}
