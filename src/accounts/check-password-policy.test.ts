import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './check-password-policy.ts';

describe('checkPasswordPolicy', () => {
  it('accepts 12 characters or more that are not one character repeated', () => {
    expect(checkPasswordPolicy('correct horse')).toBeNull();
    expect(checkPasswordPolicy('aaaaaaaaaaab')).toBeNull();
  });

  it('refuses fewer than 12 characters, counting characters rather than UTF-16 units', () => {
    expect(checkPasswordPolicy('short pass!')).toEqual({
      code: 'PASSWORD_TOO_SHORT',
      message: 'A password needs at least 12 characters; this one has 11.',
    });
    // Six emoji are twelve UTF-16 units but six characters.
    expect(checkPasswordPolicy('🔑🔒🔓🔐🔏🔑')?.code).toBe('PASSWORD_TOO_SHORT');
  });

  it('refuses one character repeated, and passwords past 1,024 characters', () => {
    expect(checkPasswordPolicy('zzzzzzzzzzzzzzzz')?.code).toBe('PASSWORD_TOO_SIMPLE');
    expect(checkPasswordPolicy('ab'.repeat(513))?.code).toBe('PASSWORD_TOO_LONG');
  });
});
