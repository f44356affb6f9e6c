import { afterAll, describe, expect, it } from 'vitest';
import { validateBundle } from '../../src/validate/validate-bundle.ts';
import { BundleFolder } from '../support/bundle-builder.ts';
import { conformantBundle11, whereOf, writeTestBundle } from '../support/conformant-bundle.ts';
import { rowOf } from '../support/corpus-edits.ts';

const folder = new BundleFolder();
afterAll(() => folder.cleanup());

const sorted = <T>(items: T[]): string[] => items.map((item) => JSON.stringify(item)).sort();

describe('validation with users.csv on a second thread', () => {
  it('finds exactly what the one-thread validation finds, values included', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'users.csv', 'A1').row.role = 'janitor';
    rowOf(bundle, 'users.csv', 'T1').row.orgSourcedIds = 'nowhere';
    rowOf(bundle, 'users.csv', '000101').row.agentSourcedIds = 'P1,GHOST';
    // Enrollments that name a user users.csv does not have: checked once the other thread is done.
    rowOf(bundle, 'enrollments.csv', 'E2').row.userSourcedId = 'NOBODY';
    rowOf(bundle, 'enrollments.csv', 'E3').row.classSourcedId = 'NOCLASS';
    const dir = writeTestBundle(folder, bundle);
    const one = await validateBundle(dir, { level: 'accept', parallel: false });
    const two = await validateBundle(dir, { level: 'accept', parallel: true });
    const oneFound = one.findings
      .list()
      .map((finding) => ({ ...whereOf(finding), message: finding.message }));
    const twoFound = two.findings
      .list()
      .map((finding) => ({ ...whereOf(finding), message: finding.message }));
    expect(oneFound.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['ROLE_UNKNOWN', 'REFERENCE_UNKNOWN']),
    );
    expect(
      oneFound.filter((finding) => finding.code === 'REFERENCE_UNKNOWN').map((finding) => finding.value),
    ).toEqual(expect.arrayContaining(['nowhere', 'GHOST', 'NOBODY', 'NOCLASS']));
    expect(sorted(twoFound)).toEqual(sorted(oneFound));
    expect(two.findings.counts()).toEqual(one.findings.counts());
  });
});
