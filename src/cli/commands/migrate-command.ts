import { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

export function migrateCommand(context: CliContext): Command {
  return new Command('migrate')
    .description('Bring the database schema up to date (every command also does this on start).')
    .action(async () => {
      await runWithStore(context, async (store) => {
        printResult(
          context,
          { engine: store.engine, location: store.location, migrated: true },
          () => `Schema up to date (${store.engine} at ${store.location}).`,
        );
      });
    });
}
