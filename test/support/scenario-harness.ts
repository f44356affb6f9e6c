import { afterAll, beforeAll } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import type { Store } from '../../src/store/store.ts';
import { BundleFolder } from './bundle-builder.ts';
import { cliHarness, type CliResult } from './cli-harness.ts';
import { openTestStore } from './test-store.ts';

export interface SyncSummary {
  id: string;
  status: string;
  counts: Record<string, Record<string, number>>;
  held: Record<string, { tried: number; percent: number; reason: string; allowed: number }>;
  findings: {
    severity: string;
    code: string;
    file: string | null;
    line: number | null;
    column: string | null;
    sisId: string | null;
    value: string | null;
    message: string;
  }[];
}

export interface ScenarioHarness {
  readonly store: Store;
  readonly bundles: BundleFolder;
  cli(...args: string[]): Promise<CliResult>;
  /** `rostersync --json sync CONFIG ARGS…`, parsed. */
  sync(configId: string, ...args: string[]): Promise<{ code: number; summary: SyncSummary }>;
  /** `rostersync export --district ID`, parsed. */
  exportOf(districtId: string): Promise<DirectoryExport>;
}

/**
 * What a scenario test file shares: one store (opened before its tests, closed after), the
 * CLI entry point on it, and a folder for its bundles. Each test makes its own district.
 */
export function useScenarioHarness(): ScenarioHarness {
  let store: Store | undefined;
  let cli: ReturnType<typeof cliHarness> | undefined;
  const bundles = new BundleFolder();
  beforeAll(async () => {
    store = await openTestStore();
    cli = cliHarness(store);
  });
  afterAll(async () => {
    await store?.close();
    bundles.cleanup();
  });
  const run = (...args: string[]): Promise<CliResult> => {
    if (!cli) throw new Error('the scenario harness is used before its beforeAll ran');
    return cli(...args);
  };
  return {
    get store() {
      if (!store) throw new Error('the scenario harness is used before its beforeAll ran');
      return store;
    },
    bundles,
    cli: run,
    async sync(configId, ...args) {
      const result = await run('--json', 'sync', configId, ...args);
      return { code: result.code, summary: result.json<SyncSummary>() };
    },
    async exportOf(districtId) {
      return (await run('export', '--district', districtId)).json<DirectoryExport>();
    },
  };
}
