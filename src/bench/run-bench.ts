import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  benchScenarios,
  cleverScenarios,
  validationScenarios,
  type BenchScenario,
  type BenchSize,
  type ValidationScenario,
} from './bench-sizes.ts';
import { targetFor, type Target } from './bench-targets.ts';
import {
  createBenchWorkspace,
  dropBenchWorkspace,
  type BenchDatabase,
  type BenchWorkspace,
} from './bench-workspace.ts';
import { measureLoadFloor } from './measure-load-floor.ts';
import { measureParseFloor } from './measure-parse-floor.ts';
import { prepareBenchBundles } from './prepare-bench-bundles.ts';
import type { ScenarioRun } from './run-bench-scenario.ts';
import { runCleverBench } from './run-clever-bench.ts';
import type { ValidationRun } from './run-bench-validation.ts';

export interface BenchOptions {
  sizes: BenchSize[];
  databases: BenchDatabase[];
  databaseUrl: string | undefined;
  /** Where generated bundles are kept between benchmark runs. */
  bundleRoot: string;
  now: Date;
  /** Only these scenarios (all when absent). */
  scenarios?: readonly BenchScenario[];
  /** A line of progress for stderr. */
  onProgress?: (message: string) => void;
}

export interface BenchResult {
  size: BenchSize;
  /** `none` for the validate scenario. */
  database: BenchDatabase | 'none';
  scenario: BenchScenario;
  seconds: number;
  /** Input rows (every CSV row of the bundle) per second. */
  recordsPerSecond: number;
  records: number;
  changes: number;
  peakRssMiB: number;
  parseFloorSeconds: number;
  /** Null for the validate scenario, which loads nothing. */
  loadFloorSeconds: number | null;
  status: string;
  /** Seconds per phase of the run (read, view, targets, groups, plan, guard, apply, report). */
  timings: Record<string, number>;
  target: Target | null;
}

const bin = fileURLToPath(new URL('../../bin/rostersync.js', import.meta.url));

/**
 * Runs the scenarios for each size and database: a fresh database per (size, database), each
 * scenario in its own process, in order (full, no change, 1 % change, bad day), and the parse
 * and load floors of each bundle measured in this process on the same files.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const say = options.onProgress ?? (() => {});
  const isWanted = (scenario: BenchScenario): boolean =>
    options.scenarios === undefined || options.scenarios.includes(scenario);
  const syncScenarios = benchScenarios.filter(isWanted);
  for (const size of options.sizes) {
    say(`${size}: preparing bundles`);
    const bundles = await prepareBenchBundles(
      options.bundleRoot,
      size,
      options.now,
      syncScenarios.length === 0,
    );
    const bundleOf: Record<(typeof benchScenarios)[number], string> = {
      full: bundles.day0,
      nochange: bundles.day0,
      change1: bundles.day1,
      badday: bundles.bad,
    };
    const parseFloors = new Map<string, { seconds: number; rows: number }>();
    const floorBundles = syncScenarios.length === 0 ? [bundles.day0] : new Set(Object.values(bundleOf));
    for (const bundle of floorBundles) {
      // The best of two: the first run also pays for compiling the reader and filling the
      // page cache, which no floor should include.
      const [first, second] = [await measureParseFloor(bundle), await measureParseFloor(bundle)];
      parseFloors.set(bundle, first.seconds <= second.seconds ? first : second);
    }
    const day0Parse = parseFloors.get(bundles.day0) as { seconds: number; rows: number };
    for (const [scenario, level] of Object.entries(validationScenarios) as [ValidationScenario, string][]) {
      if (!isWanted(scenario)) continue;
      say(`${size} ${scenario}`);
      const validation = await spawnJson<ValidationRun>([
        'bench-scenario',
        '--validate',
        level,
        '--path',
        bundles.day0,
      ]);
      const validationFigures = {
        seconds: validation.seconds,
        peakRssMiB: validation.peakRssMiB,
        parseFloorSeconds: day0Parse.seconds,
        loadFloorSeconds: null,
        status: validation.status,
      };
      results.push({
        size,
        database: 'none',
        scenario,
        ...validationFigures,
        records: day0Parse.rows,
        recordsPerSecond: Math.round(day0Parse.rows / validation.seconds),
        changes: 0,
        timings: {},
        target: targetFor(size, 'none', scenario, validationFigures, null),
      });
    }
    let postgresFullSeconds: number | null = null;
    // PostgreSQL first, so the embedded full sync can be judged against it.
    const databases = (syncScenarios.length === 0 ? [] : [...options.databases]).sort((a, b) =>
      a === 'postgres' ? -1 : b === 'postgres' ? 1 : 0,
    );
    for (const database of databases) {
      const loadFloors = new Map<string, number>();
      for (const bundle of new Set(Object.values(bundleOf))) {
        const target =
          database === 'postgres'
            ? { engine: 'postgres' as const, databaseUrl: options.databaseUrl as string }
            : { engine: 'pglite' as const };
        loadFloors.set(bundle, (await measureLoadFloor(bundle, target)).seconds);
      }
      const workspace = await createBenchWorkspace(database, bundles.day0, options.databaseUrl);
      try {
        for (const scenario of syncScenarios) {
          say(`${size} ${database} ${scenario}`);
          const bundle = bundleOf[scenario];
          const run = await spawnScenario(workspace, bundle);
          const parse = parseFloors.get(bundle) as { seconds: number; rows: number };
          const figures = {
            seconds: run.seconds,
            peakRssMiB: run.peakRssMiB,
            parseFloorSeconds: parse.seconds,
            loadFloorSeconds: loadFloors.get(bundle) as number,
            status: run.status,
          };
          if (database === 'postgres' && scenario === 'full') postgresFullSeconds = run.seconds;
          results.push({
            size,
            database,
            scenario,
            ...figures,
            records: parse.rows,
            recordsPerSecond: Math.round(parse.rows / run.seconds),
            changes: run.changes,
            timings: run.timings,
            target: targetFor(size, database, scenario, figures, postgresFullSeconds),
          });
        }
      } finally {
        await dropBenchWorkspace(workspace);
        if (workspace.database === 'embedded') rmSync(workspace.dataDir, { recursive: true, force: true });
      }
    }
    const wantedClever = cleverScenarios.filter(isWanted);
    if (wantedClever.length > 0) {
      say(`${size} clever`);
      const cleverRuns = await runCleverBench({
        size,
        databases: [...options.databases].sort((a, b) => (a === 'postgres' ? -1 : b === 'postgres' ? 1 : 0)),
        databaseUrl: options.databaseUrl,
        bundleRoot: options.bundleRoot,
        now: options.now,
        scenarios: wantedClever,
        spawnScenario,
      });
      for (const { database, scenario, run, parseFloorSeconds, records } of cleverRuns) {
        results.push({
          size,
          database,
          scenario,
          seconds: run.seconds,
          peakRssMiB: run.peakRssMiB,
          parseFloorSeconds,
          loadFloorSeconds: null,
          status: run.status,
          records,
          recordsPerSecond: Math.round(records / run.seconds),
          changes: run.changes,
          timings: run.timings,
          target: null,
        });
      }
    }
  }
  return results;
}

function spawnScenario(workspace: BenchWorkspace, bundle: string): Promise<ScenarioRun> {
  return spawnJson<ScenarioRun>([
    'bench-scenario',
    '--workspace',
    JSON.stringify(workspace),
    '--path',
    bundle,
  ]);
}

/** Runs a rostersync command in a process of its own and parses the JSON it prints. */
function spawnJson<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=8192', bin, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench scenario exited with ${code}: ${stderr || stdout}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}
