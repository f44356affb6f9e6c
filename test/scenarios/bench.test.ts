import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const bundles = mkdtempSync(path.join(tmpdir(), 'rostersync-bench-test-'));
afterAll(() => rmSync(bundles, { recursive: true, force: true }));

describe('rostersync bench', () => {
  // A smoke test of the benchmark itself on size S; it asserts what ran, never how fast.
  it('runs validation and the four sync scenarios against the floors and ends the bad day held', async () => {
    const database = process.env.DATABASE_URL ? 'postgres' : 'embedded';
    let stdout = '';
    const code = await main(
      ['--json', 'bench', '--size', 'S', '--database', database, '--bundles', bundles],
      {
        io: { out: (text) => (stdout += text), err: () => {}, isInteractive: false },
        env: process.env,
      },
    );
    expect(code).toBe(0);
    const { scenarios } = JSON.parse(stdout) as { scenarios: Record<string, unknown>[] };
    expect(scenarios.map((s) => [s.size, s.database, s.scenario])).toEqual([
      ['S', 'none', 'validate'],
      ['S', 'none', 'validate-conformance'],
      ['S', database, 'full'],
      ['S', database, 'nochange'],
      ['S', database, 'change1'],
      ['S', database, 'badday'],
      ['S', database, 'clever-full'],
      ['S', database, 'clever-nochange'],
    ]);
    const [validate, conformance, ...rest] = scenarios;
    const syncs = rest.slice(0, 4);
    const [cleverFull, cleverNochange] = rest.slice(4);
    // The Clever district through the fake server: a full sync, then nothing to do.
    expect(cleverFull).toMatchObject({ status: expect.stringMatching(/^succeeded/), loadFloorSeconds: null });
    expect(cleverFull!.changes as number).toBeGreaterThan(0);
    expect(cleverNochange).toMatchObject({ status: expect.stringMatching(/^succeeded/), changes: 0 });
    // The generated bundle conforms, so it validates without errors at both levels.
    for (const validation of [validate, conformance]) {
      expect(validation).toMatchObject({ status: 'completed', loadFloorSeconds: null, target: null });
      expect(validation!.parseFloorSeconds as number).toBeGreaterThan(0);
    }
    for (const scenario of syncs) {
      expect(scenario).toMatchObject({
        seconds: expect.any(Number),
        peakRssMiB: expect.any(Number),
        parseFloorSeconds: expect.any(Number),
        loadFloorSeconds: expect.any(Number),
        recordsPerSecond: expect.any(Number),
      });
      expect(scenario.parseFloorSeconds as number).toBeGreaterThan(0);
      expect(scenario.loadFloorSeconds as number).toBeGreaterThan(0);
    }
    const [full, nochange, change1, badday] = syncs;
    expect(full).toMatchObject({ status: expect.stringMatching(/^succeeded/) });
    expect((full!.changes as number) > 1000).toBe(true);
    expect(nochange).toMatchObject({ status: expect.stringMatching(/^succeeded/), changes: 0 });
    expect((change1!.changes as number) > 0).toBe(true);
    expect(badday).toMatchObject({ status: 'held_threshold', target: { isMet: true } });
  });
});
