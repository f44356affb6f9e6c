import { Command } from 'commander';
import { describeHoldResolution } from '../../sync/hold-resolution.ts';
import { listRuns, type RunRecord } from '../../sync/read-runs.ts';
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
            ['run', 'status', 'dry run', 'started', 'config', 'note'],
            runs.map((run) => [
              run.id,
              run.status,
              run.isDryRun ? 'yes' : '',
              run.startedAt,
              run.configId,
              noteOf(run),
            ]),
          ),
        );
      });
    });
}

/** What a person should see next to a run's status: its hold's fate, the hold it resolves, the run it rolls back. */
function noteOf(run: RunRecord): string {
  if (run.holdResolution) return `hold ${describeHoldResolution(run.holdResolution)}`;
  if (run.status.startsWith('held_') && !run.isDryRun) return 'hold open: approve or discard';
  if (run.heldRunId) return `approves ${run.heldRunId}`;
  if (run.rolledBackRunId) return `rolls back ${run.rolledBackRunId}`;
  return '';
}
