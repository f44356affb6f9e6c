import { describe, expect, it } from 'vitest';
import { newAccountToken, readAccountToken } from './account-token.ts';

const districtId = '0190a0b0-0000-7000-8000-000000000001';

describe('account tokens', () => {
  it('name their district, carry 32 random bytes and read back to the stored hash', () => {
    const token = newAccountToken(districtId);
    const [district, secret] = token.value.split('.');
    expect(district).toBe(districtId);
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(readAccountToken(token.value)).toEqual({ districtId, hash: token.hash });
    expect(token.hash).not.toContain(secret);
  });

  it('reads nothing from text that is not a token', () => {
    const { value } = newAccountToken(districtId);
    for (const text of [
      '',
      value.split('.')[1]!,
      `${districtId}.`,
      `not-a-uuid.${value.split('.')[1]}`,
      value.slice(0, -1),
    ]) {
      expect(readAccountToken(text)).toBeNull();
    }
  });
});
