import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GeneratorFormat } from '../../src/testkit/generator/district-model.ts';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { validationLevels } from '../../src/validate/validation-level.ts';
import { findingsOf, whereOf } from '../support/conformant-bundle.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-generated-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The generator's districts are what the benchmarks and demos sync, so they must be bundles a
 * district could send: no error and no warning at either level. Notes are allowed (the
 * generator.json sidecar is a file the validator does not read).
 */
describe('generated bundles validate clean', () => {
  const formats: GeneratorFormat[] = ['oneroster-1.1', 'oneroster-1.2'];
  for (const format of formats) {
    it(`${format}, 300 students: no error and no warning at accept and conformance`, async () => {
      const dir = path.join(root, format);
      await generateBundle({ students: 300, seed: 11, outDir: dir, format });
      for (const level of validationLevels) {
        const findings = await findingsOf(dir, level);
        const problems = findings.filter((finding) => finding.severity !== 'info').map(whereOf);
        expect(problems, `${format} at ${level}`).toEqual([]);
      }
    });
  }
});
