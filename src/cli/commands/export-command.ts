import { Command } from 'commander';
import { DirectoryError } from '../../directory/directory-error.ts';
import { exportDirectory } from '../../directory/export-directory.ts';
import type { CliContext } from '../cli-context.ts';
import { runWithStore } from '../run-action.ts';

export function exportCommand(context: CliContext): Command {
  return new Command('export')
    .description('Print a district’s whole directory as JSON (schools, classrooms, people, guardian links).')
    .requiredOption('--district <id>', 'district id')
    .option('--provenance', 'add, per person, which run (or person) last set each field, and when')
    .action(async (options: { district: string; provenance?: boolean }) => {
      await runWithStore(context, async (store) => {
        const directory = await exportDirectory(store.db, options.district, {
          provenance: options.provenance ?? false,
        });
        if (!directory) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${options.district}.`);
        context.io.out(`${JSON.stringify(directory, null, 2)}\n`);
      });
    });
}
