import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingCodes } from '../findings/finding-codes.ts';
import { renderSettingsCodesDoc } from './render-settings-codes-doc.ts';
import { settingKeys } from './setting-keys.ts';
import { settingsCodes } from './settings-codes.ts';

describe('the settings refusal catalogue', () => {
  it('is what docs/settings-codes.md says (run `npm run docs` after changing codes)', () => {
    const doc = readFileSync(new URL('../../docs/settings-codes.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderSettingsCodesDoc());
  });

  it('has stable UPPER_SNAKE codes, each with when and fix, none shared with a finding', () => {
    for (const [code, entry] of Object.entries(settingsCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.when.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(5);
      expect(Object.keys(findingCodes)).not.toContain(code);
    }
  });

  it('README "Configuration" names every setting', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Configuration');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    for (const setting of settingKeys) expect(section).toContain(`\`${setting.key}\``);
  });
});
