import { Command, InvalidArgumentError } from 'commander';
import { approveHold, type HoldOutcome } from '../../sync/approve-hold.ts';
import { holdOutcomeJson } from '../../sync/hold-outcome-json.ts';
import { skipReasonText } from '../../sync/held-change.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

export function approveCommand(context: CliContext): Command {
  return new Command('approve')
    .description(
      'Approve a held run: re-check its held removals against the directory as it is now and apply those that still apply, as a run of its own.',
    )
    .argument('<run>', 'the held run')
    .option('--max <n>', 'apply at most this many (default: all)', parseCount)
    .action(async (runId: string, options: { max?: number }) => {
      await runWithStore(context, async (store) => {
        const outcome = await approveHold({ store, runId, maxCount: options.max });
        printResult(context, holdOutcomeJson(outcome), () => formatHoldOutcome(outcome));
      });
    });
}

export function formatHoldOutcome(outcome: HoldOutcome): string {
  if (outcome.resolution === 'discarded') {
    return `Discarded the hold of run ${outcome.heldRunId}: ${outcome.discarded} held removals dropped, nothing changed.`;
  }
  const lines = [
    `Approved the hold of run ${outcome.heldRunId}: applied ${outcome.approved} of ${outcome.held} held removals (run ${outcome.runId}).`,
  ];
  for (const { reason, count } of outcome.skipped) {
    lines.push(`  skipped ${count}: ${skipReasonText[reason]} (${reason})`);
  }
  if (outcome.remaining > 0) lines.push(`  left ${outcome.remaining} as they are: beyond --max`);
  return lines.join('\n');
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return count;
}
