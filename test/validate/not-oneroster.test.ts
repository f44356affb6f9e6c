import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validationLevels } from '../../src/validate/validation-level.ts';
import { BundleFolder, toCsv } from '../support/bundle-builder.ts';
import { findingsOf, whereOf } from '../support/conformant-bundle.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Microsoft School Data Sync sample sets, shared beside the repository (not part of it). */
const sdsSamples = path.resolve(repoRoot, '../shared/data/sds-samples');
const hasSdsSamples = existsSync(sdsSamples);

if (!hasSdsSamples) {
  // A skip must be visible: without the samples, the SDS refusal is not checked on real files.
  // eslint-disable-next-line no-console -- the reason a test group is skipped belongs in the output
  console.warn(
    `not-oneroster.test.ts: ${sdsSamples} is absent; the School Data Sync sample tests are skipped.`,
  );
}

describe.skipIf(!hasSdsSamples)(
  `Microsoft School Data Sync sets are refused as not OneRoster${hasSdsSamples ? '' : ` (skipped: no ${sdsSamples})`}`,
  () => {
    for (const set of ['sds-v2', 'sds-v2.1']) {
      for (const level of validationLevels) {
        it(`${set} at ${level} level: one BUNDLE_NOT_ONEROSTER naming SDS and what to export instead`, async () => {
          const findings = await findingsOf(path.join(sdsSamples, set), level);
          expect(findings.map(whereOf)).toEqual([{ severity: 'error', code: 'BUNDLE_NOT_ONEROSTER' }]);
          const { message } = findings[0]!;
          expect(message).toContain('Microsoft School Data Sync (SDS)');
          expect(message).toContain('export "OneRoster CSV" from your SIS (with its manifest.csv)');
        });
      }
    }
  },
);

describe('a folder that is not OneRoster at all', () => {
  const folder = new BundleFolder();
  afterAll(() => folder.cleanup());

  it('is refused with one BUNDLE_NOT_ONEROSTER that shows its header and does not mention SDS', async () => {
    const dir = folder.write({
      'users.csv': toCsv(
        ['first_name', 'last_name'],
        [
          { first_name: 'Ava', last_name: 'Nguyen' },
          { first_name: 'Liam', last_name: "O'Brien" },
        ],
      ),
    });
    for (const level of validationLevels) {
      const findings = await findingsOf(dir, level);
      expect(findings.map(whereOf)).toEqual([{ severity: 'error', code: 'BUNDLE_NOT_ONEROSTER' }]);
      const { message } = findings[0]!;
      expect(message).toContain('This is not a OneRoster bundle');
      expect(message).toContain('its header is first_name,last_name');
      expect(message).toContain('export "OneRoster CSV" from your SIS');
      expect(message).not.toMatch(/School Data Sync|SDS/);
    }
  });
});
