import { Command } from 'commander';
import { discardHold } from '../../sync/discard-hold.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';
import { holdOutcomeJson } from '../../sync/hold-outcome-json.ts';
import { formatHoldOutcome } from './approve-command.ts';

export function discardCommand(context: CliContext): Command {
  return new Command('discard')
    .description('Discard a held run’s hold: apply none of its held removals and mark the hold discarded.')
    .argument('<run>', 'the held run')
    .action(async (runId: string) => {
      await runWithStore(context, async (store) => {
        const outcome = await discardHold({ store, runId });
        printResult(context, holdOutcomeJson(outcome), () => formatHoldOutcome(outcome));
      });
    });
}
