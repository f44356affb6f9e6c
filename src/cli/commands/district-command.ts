import { Command } from 'commander';
import { createDistrict } from '../../directory/create-district.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

export function districtCommand(context: CliContext): Command {
  const command = new Command('district').description('Create and list districts (tenants).');
  command
    .command('create')
    .description('Create a district; prints its id.')
    .requiredOption('--name <name>', 'district name')
    .option('--time-zone <zone>', 'IANA time zone runs and dates are read in', 'America/New_York')
    .action(async (options: { name: string; timeZone: string }) => {
      await runWithStore(context, async (store) => {
        const { id } = await createDistrict(store.db, { name: options.name, timeZone: options.timeZone });
        printResult(context, { id }, () => id);
      });
    });
  command
    .command('list')
    .description('List districts.')
    .action(async () => {
      await runWithStore(context, async (store) => {
        const rows = await store.db.selectFrom('districts').selectAll().orderBy('name').execute();
        const districts = rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.time_zone }));
        printResult(context, { districts }, () =>
          formatTable(
            ['id', 'name', 'time zone'],
            districts.map((d) => [d.id, d.name, d.timeZone]),
          ),
        );
      });
    });
  return command;
}
