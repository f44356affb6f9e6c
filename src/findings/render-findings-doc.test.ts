import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingCodes } from './finding-codes.ts';
import { renderFindingsDoc } from './render-findings-doc.ts';

describe('the findings catalogue', () => {
  it('is what docs/findings.md says (run `npm run docs` after changing codes)', () => {
    const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderFindingsDoc());
  });

  it('has stable UPPER_SNAKE codes, each with when and fix', () => {
    for (const [code, entry] of Object.entries(findingCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.when.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(5);
    }
  });
});
