import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDistrict } from '../directory/create-district.ts';
import { createSchool } from '../directory/create-school.ts';
import { createSyncConfig } from '../sync/create-sync-config.ts';
import { startFakeClever } from '../testkit/fake-clever/fake-clever-server.ts';
import { loadCleverData } from '../testkit/fake-clever/load-clever-data.ts';
import { generateBundle } from '../testkit/generator/generate-bundle.ts';
import { schoolYearOf } from '../testkit/generator/school-year-of.ts';
import { benchSizes, cleverScenarios, type BenchSize, type CleverScenario } from './bench-sizes.ts';
import {
  dropBenchWorkspace,
  newBenchWorkspaceBase,
  openWorkspaceStore,
  type BenchDatabase,
  type BenchWorkspace,
} from './bench-workspace.ts';
import { benchSeed } from './prepare-bench-bundles.ts';
import type { ScenarioRun } from './run-bench-scenario.ts';

export interface CleverBenchOptions {
  size: BenchSize;
  databases: readonly BenchDatabase[];
  databaseUrl: string | undefined;
  bundleRoot: string;
  now: Date;
  scenarios: readonly CleverScenario[];
  /** Runs one scenario in a process of its own. */
  spawnScenario: (workspace: BenchWorkspace, input: string) => Promise<ScenarioRun>;
}

export interface CleverBenchRun {
  database: BenchDatabase;
  scenario: CleverScenario;
  run: ScenarioRun;
  /** `JSON.parse` of the data file the fake serves: the least any reader of it pays. */
  parseFloorSeconds: number;
  records: number;
}

/**
 * The Clever scenarios (SPEC §2.1 through the real client and HTTP): the generated district as
 * `clever-json`, served by the fake Clever server in this process with Clever's envelopes and
 * paging (10,000 a page) but no rate limit, synced by a config reading it: a full sync into an
 * empty directory, then the same data again.
 */
export async function runCleverBench(options: CleverBenchOptions): Promise<CleverBenchRun[]> {
  const dataDir = path.join(
    options.bundleRoot,
    `${options.size}-seed${benchSeed}-${schoolYearOf(options.now)}`,
    'clever',
  );
  if (!existsSync(path.join(dataDir, 'generator.json'))) {
    await generateBundle({
      students: benchSizes[options.size],
      seed: benchSeed,
      schoolYear: schoolYearOf(options.now),
      outDir: dataDir,
      format: 'clever-json',
    });
  }
  const started = performance.now();
  JSON.parse(readFileSync(path.join(dataDir, 'clever.json'), 'utf8'));
  const parseFloorSeconds = (performance.now() - started) / 1000;
  const data = await loadCleverData(dataDir);
  const records = data.users.length + data.sections.length + data.schools.length;
  const fake = await startFakeClever({ data, rateLimitPerMinute: Number.MAX_SAFE_INTEGER });
  const results: CleverBenchRun[] = [];
  try {
    for (const database of options.databases) {
      const base = {
        ...newBenchWorkspaceBase(database, options.databaseUrl),
        secretKey: randomBytes(32).toString('base64'),
      };
      const store = await openWorkspaceStore(base);
      let workspace: BenchWorkspace;
      try {
        const { id: districtId } = await createDistrict(store.db, { name: 'Clever Benchmark District' });
        for (const school of data.schools) {
          await createSchool(store.db, { districtId, name: String(school.name), schoolIds: [school.id] });
        }
        const { id: configId } = await createSyncConfig(store.db, {
          districtId,
          source: 'clever',
          secrets: store.secrets,
          sourceOptions: {
            district_id: data.districts[0]!.id,
            token: 'fake-district-token',
            base_url: fake.url,
          },
        });
        workspace = { ...base, configId };
      } finally {
        await store.close();
      }
      try {
        for (const scenario of cleverScenarios.filter((name) => options.scenarios.includes(name))) {
          const run = await options.spawnScenario(workspace, dataDir);
          results.push({ database, scenario, run, parseFloorSeconds, records });
        }
      } finally {
        await dropBenchWorkspace(workspace);
        if (workspace.database === 'embedded') rmSync(workspace.dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await fake.close();
  }
  return results;
}
