import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directoryCodes } from '../directory/directory-codes.ts';
import { findingCodes } from '../findings/finding-codes.ts';
import { settingsCodes } from '../sync/settings-codes.ts';
import { accountCodes } from './account-codes.ts';
import { AccountError } from './account-error.ts';
import { renderAccountCodesDoc } from './render-account-codes-doc.ts';

describe('the account refusal catalogue', () => {
  it('is what docs/account-codes.md says (run `npm run docs` after changing codes)', () => {
    const doc = readFileSync(new URL('../../docs/account-codes.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderAccountCodesDoc());
  });

  it('has stable UPPER_SNAKE codes, each with a 4xx status, when and fix, none shared with another catalogue', () => {
    for (const [code, entry] of Object.entries(accountCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(500);
      expect(entry.when.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(5);
      expect(Object.keys(findingCodes)).not.toContain(code);
      expect(Object.keys(settingsCodes)).not.toContain(code);
    }
  });

  it('shares a code with the directory catalogue only where it means the same and has the same status', () => {
    for (const [code, entry] of Object.entries(accountCodes)) {
      const directory = (directoryCodes as Record<string, { status: number }>)[code];
      if (directory) expect([code, directory.status]).toEqual([code, entry.status]);
    }
  });

  it('gives an error the status of its code', () => {
    const error = new AccountError('SIGN_IN_LOCKED', 'Too many attempts.', { retryAfterSeconds: 60 });
    expect({ code: error.code, status: error.status, details: error.details }).toEqual({
      code: 'SIGN_IN_LOCKED',
      status: 429,
      details: { retryAfterSeconds: 60 },
    });
  });
});
