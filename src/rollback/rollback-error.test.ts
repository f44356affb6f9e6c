import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rollbackErrorCodes } from './rollback-error.ts';

describe('rollback refusal codes', () => {
  it('are each documented in the README’s rollback section', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('**Rollback**'), readme.indexOf('**Export**'));
    const documented = [...section.matchAll(/`(RUN_[A-Z_]+|ROLLBACK_[A-Z_]+)`/g)].map((match) => match[1]);
    expect(new Set(documented)).toEqual(
      new Set([...Object.keys(rollbackErrorCodes), 'RUN_IN_PROGRESS', 'ROLLBACK_CONFLICT']),
    );
  });
});
