import { Command } from 'commander';
import { defaultChangesLimit, readChanges, type AppliedChange } from '../../directory/read-changes.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

export function changesCommand(context: CliContext): Command {
  return new Command('changes')
    .description('Every change applied to a district’s directory, in order, from a cursor (the change feed).')
    .requiredOption('--district <id>', 'district id')
    .option('--since <cursor>', 'the cursor a previous read returned (default: from the beginning)')
    .option('--limit <n>', 'changes per page, 1 to 10000', (value) => Number(value), defaultChangesLimit)
    .action(async (options: { district: string; since?: string; limit: number }) => {
      await runWithStore(context, async (store) => {
        const page = await readChanges(store.db, {
          districtId: options.district,
          since: options.since,
          limit: options.limit,
        });
        printResult(context, page, () =>
          [
            ...page.changes.map(formatChange),
            page.changes.length === 0 ? 'No changes after this cursor.' : '',
            `Cursor: ${page.cursor}`,
            page.hasMore ? `More changes: run again with --since ${page.cursor}` : 'Caught up.',
          ]
            .filter((line) => line !== '')
            .join('\n'),
        );
      });
    });
}

function formatChange(change: AppliedChange): string {
  const { actor } = change;
  const by = actor.type === 'user' ? `person ${actor.personId ?? '?'}` : (actor.runId ?? actor.type);
  const detail = Object.entries(change.fields)
    .map(([field, { before, after }]) =>
      change.action === 'create' || change.action === 'add'
        ? `${field}=${JSON.stringify(after)}`
        : `${field}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
    )
    .join(', ');
  const record = change.sisId ?? change.recordId ?? '';
  return `${change.at}  ${change.action} ${change.entity} ${record} by ${by}${detail ? ` (${detail})` : ''}`;
}
