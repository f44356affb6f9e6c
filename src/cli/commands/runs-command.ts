import { Command } from 'commander';
import { listRuns } from '../../sync/read-runs.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

export function runsCommand(context: CliContext): Command {
  return new Command('runs')
    .description('List the runs of a district, newest first.')
    .requiredOption('--district <id>', 'district id')
    .option('--config <id>', 'only this sync config')
    .option('--limit <n>', 'how many', (value) => Number.parseInt(value, 10), 50)
    .action(async (options: { district: string; config?: string; limit: number }) => {
      await runWithStore(context, async (store) => {
        const runs = await listRuns(store.db, {
          districtId: options.district,
          configId: options.config,
          limit: options.limit,
        });
        printResult(context, { runs }, () =>
          formatTable(
            ['run', 'status', 'dry run', 'started', 'config'],
            runs.map((run) => [run.id, run.status, run.isDryRun ? 'yes' : '', run.startedAt, run.configId]),
          ),
        );
      });
    });
}
