import { describe, expect, it } from 'vitest';
import { generateJoinCode, joinCodeAlphabet, normalizeJoinCode } from './generate-join-code.ts';

describe('join codes', () => {
  it('are 8 symbols of an alphabet without look-alikes', () => {
    expect(joinCodeAlphabet).not.toMatch(/[01OIL]/);
    for (let i = 0; i < 200; i++) expect(generateJoinCode()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(generateJoinCode(() => 0)).toBe('AAAAAAAA');
  });

  it('are read back whatever the case, spaces and dashes', () => {
    expect(normalizeJoinCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeJoinCode('ABCD EFG0')).toBeNull();
    expect(normalizeJoinCode('ABCDEFG')).toBeNull();
  });
});
