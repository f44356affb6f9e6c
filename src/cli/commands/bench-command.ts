import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import {
  benchScenarios,
  cleverScenarios,
  benchSizes,
  validationScenarios,
  type BenchScenario,
  type BenchSize,
} from '../../bench/bench-sizes.ts';
import type { BenchDatabase, BenchWorkspace } from '../../bench/bench-workspace.ts';
import { runBenchScenario } from '../../bench/run-bench-scenario.ts';
import { runBench, type BenchResult } from '../../bench/run-bench.ts';
import { runBenchValidation } from '../../bench/run-bench-validation.ts';
import { validationLevels, type ValidationLevel } from '../../validate/validation-level.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';

export function benchCommand(context: CliContext): Command {
  return new Command('bench')
    .description(
      'Measure syncs (full, no change, 1 % change, bad day) and validation against the parse and load floors of the same files. ' +
        'Runs on the embedded database, and on PostgreSQL when DATABASE_URL is set.',
    )
    .addOption(
      new Option('--size <size>', 'S (500 students), M (50,000) or L (1,000,000); repeatable')
        .choices(Object.keys(benchSizes))
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .addOption(new Option('--database <db>', 'only this database').choices(['embedded', 'postgres']))
    .addOption(
      new Option('--scenario <name>', 'only this scenario; repeatable')
        .choices([...benchScenarios, ...Object.keys(validationScenarios), ...cleverScenarios])
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option(
      '--bundles <dir>',
      'where generated bundles are kept between runs',
      path.join(tmpdir(), 'rostersync-bench'),
    )
    .action(
      async (options: {
        size?: BenchSize[];
        database?: BenchDatabase;
        scenario?: BenchScenario[];
        bundles: string;
      }) => {
        const databaseUrl = context.environment.databaseUrl;
        const databases: BenchDatabase[] = options.database
          ? [options.database]
          : databaseUrl
            ? ['embedded', 'postgres']
            : ['embedded'];
        if (databases.includes('postgres') && !databaseUrl) {
          context.io.err('error: --database postgres needs DATABASE_URL.\n');
          context.setExitCode(1);
          return;
        }
        const results = await runBench({
          sizes: options.size ?? ['S', 'M'],
          databases,
          databaseUrl,
          bundleRoot: options.bundles,
          now: new Date(),
          scenarios: options.scenario,
          onProgress: (message) => context.io.err(`bench: ${message}\n`),
        });
        printResult(context, { scenarios: results }, () => formatBenchTable(results));
        if (results.some((result) => result.target && !result.target.isMet)) context.setExitCode(3);
      },
    );
}

/** `bench-scenario`: one scenario in a process of its own (the benchmark spawns it). */
export function benchScenarioCommand(context: CliContext): Command {
  return new Command('bench-scenario')
    .option('--workspace <json>', 'the workspace, as the benchmark made it (sync scenarios)')
    .addOption(
      new Option('--validate <level>', 'validate the bundle instead of syncing it').choices(validationLevels),
    )
    .requiredOption('--path <bundle>', 'the bundle to sync or validate')
    .action(async (options: { workspace?: string; validate?: ValidationLevel; path: string }) => {
      const run = options.validate
        ? await runBenchValidation(options.path, options.validate)
        : await runBenchScenario(JSON.parse(options.workspace ?? '{}') as BenchWorkspace, options.path);
      context.io.out(`${JSON.stringify(run)}\n`);
    });
}

export function formatBenchTable(results: BenchResult[]): string {
  const phases = results
    .filter((r) => Object.keys(r.timings).length > 0)
    .map(
      (r) =>
        `${r.size} ${r.database} ${r.scenario}: ` +
        Object.entries(r.timings)
          .map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`)
          .join(', '),
    );
  return `${formatTable(
    [
      'size',
      'database',
      'scenario',
      'seconds',
      'records/s',
      'peak RSS MiB',
      'parse floor s',
      'load floor s',
      'status',
      'target',
    ],
    results.map((r) => [
      r.size,
      r.database,
      r.scenario,
      r.seconds.toFixed(2),
      r.recordsPerSecond,
      r.peakRssMiB,
      r.parseFloorSeconds.toFixed(2),
      r.loadFloorSeconds === null ? '—' : r.loadFloorSeconds.toFixed(2),
      r.status,
      r.target
        ? `${r.target.isMet ? 'met' : 'MISSED'}: ${r.target.rule}${r.target.maxSeconds !== null ? ` (${r.target.maxSeconds.toFixed(1)} s)` : ''}`
        : '',
    ]),
  )}\n\nSeconds per phase:\n${phases.join('\n')}`;
}
