import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directoryCodes } from './directory-codes.ts';
import { renderDirectoryCodesDoc } from './render-directory-codes-doc.ts';

describe('the directory refusal catalogue', () => {
  it('is what docs/directory-codes.md says (run `npm run docs` after changing codes)', () => {
    const doc = readFileSync(new URL('../../docs/directory-codes.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderDirectoryCodesDoc());
  });

  it('has stable UPPER_SNAKE codes, each with a status, when and fix', () => {
    for (const [code, entry] of Object.entries(directoryCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect([400, 403, 404, 409]).toContain(entry.status);
      expect(entry.when.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(5);
    }
  });

  it('lists every code the directory operations and permission rules throw', () => {
    const folders = ['operations', 'permissions'].map((folder) => new URL(`./${folder}/`, import.meta.url));
    const thrown = new Set<string>();
    for (const folder of folders) {
      for (const file of readdirSync(folder).filter((name) => !name.endsWith('.test.ts'))) {
        const text = readFileSync(new URL(file, folder), 'utf8');
        for (const match of text.matchAll(/(?:DirectoryError\(\s*|code: )'([A-Z_]+)'/g))
          thrown.add(match[1]!);
      }
    }
    expect(thrown.size).toBeGreaterThan(20);
    expect([...thrown].filter((code) => !Object.hasOwn(directoryCodes, code))).toEqual([]);
  });
});
