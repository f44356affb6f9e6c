import { Command } from 'commander';
import { entityTypes } from '../../roster/snapshot.ts';
import { RollbackError } from '../../rollback/rollback-error.ts';
import type { RollbackConflict } from '../../rollback/rollback-conflict.ts';
import { conflictJson, rollbackJson } from '../../rollback/rollback-json.ts';
import { rollbackRun, type RollbackSummary } from '../../rollback/rollback-run.ts';
import { exitCodeOf } from '../../sync/run-status.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printError, printResult } from '../cli-output.ts';
import { cliProgressBars } from '../cli-progress-bars.ts';
import { runWithStore } from '../run-action.ts';

/** Conflicts the human output lists before pointing at `--json`. */
const conflictsShown = 50;

export function rollbackCommand(context: CliContext): Command {
  return new Command('rollback')
    .description(
      'Undo a run’s changes (field values, archives and revivals, memberships, guardian links; created records are archived) as a run of its own. Refused when later changes touched the same records, unless --partial.',
    )
    .argument('<run>', 'the run to roll back')
    .option('--partial', 'roll back only the changes nothing later touched, and list the others')
    .option('--dry-run', 'list what would be reverted (run show), change nothing')
    .action(async (runId: string, options: { partial?: boolean; dryRun?: boolean }) => {
      await runWithStore(context, async (store) => {
        let summary: RollbackSummary;
        try {
          summary = await rollbackRun({
            store,
            runId,
            isPartial: options.partial ?? false,
            isDryRun: options.dryRun ?? false,
            progress: context.isJson() ? undefined : cliProgressBars(context.io),
          });
        } catch (error) {
          if (!(error instanceof RollbackError) || error.code !== 'ROLLBACK_CONFLICTS') throw error;
          printError(context, error.code, error.message, {
            rolledBackRunId: runId,
            conflicts: error.conflicts.map(conflictJson),
          });
          context.io.err(`${formatConflicts(error.conflicts, 'Conflicts')}\n`);
          return;
        }
        printResult(context, rollbackJson(summary), () => formatRollback(summary));
        context.setExitCode(exitCodeOf(summary.status));
      });
    });
}

function formatRollback(summary: RollbackSummary): string {
  const total = Object.values(summary.reverted).reduce((sum, count) => sum + count, 0);
  const lines = [
    `Run ${summary.id} rolled back run ${summary.rolledBackRunId}: ${summary.status}${
      summary.isDryRun ? ' (dry run: nothing was changed; run show lists the reverse changes)' : ''
    }`,
  ];
  if (summary.error) lines.push(`Error: ${summary.error} (run rollback again to finish the job)`);
  lines.push(`${summary.isDryRun ? 'Would revert' : 'Reverted'} ${total} change${total === 1 ? '' : 's'}.`);
  if (total > 0) {
    lines.push(
      '',
      formatTable(
        ['', 'reverted'],
        entityTypes.map((entity) => [entity, summary.reverted[entity]]),
      ),
    );
  }
  if (summary.conflicts.length > 0) {
    lines.push('', formatConflicts(summary.conflicts, 'Conflicts, left as they are'));
  }
  return lines.join('\n');
}

function formatConflicts(conflicts: readonly RollbackConflict[], title: string): string {
  const lines = [`${title} (${conflicts.length}):`];
  for (const conflict of conflicts.slice(0, conflictsShown)) {
    const { changedBy } = conflict;
    const by =
      changedBy.type === 'user' ? `person ${changedBy.personId ?? '?'}` : `run ${changedBy.runId ?? '?'}`;
    lines.push(
      `  ${conflict.entity} ${conflict.sisId ?? conflict.recordId} ${conflict.field}${
        conflict.isWholeChange ? ' (whole change)' : ''
      }: changed by ${by} at ${conflict.at}`,
    );
  }
  if (conflicts.length > conflictsShown)
    lines.push(`  … ${conflicts.length - conflictsShown} more (--json lists all)`);
  return lines.join('\n');
}
