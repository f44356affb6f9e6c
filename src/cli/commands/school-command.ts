import { Command } from 'commander';
import { createSchool } from '../../directory/create-school.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { collect, runWithStore } from '../run-action.ts';

export function schoolCommand(context: CliContext): Command {
  const command = new Command('school').description('Create and list schools and their School IDs.');
  command
    .command('create')
    .description('Create a school; --school-id ties it to a source school (repeat to merge several).')
    .requiredOption('--district <id>', 'district id')
    .requiredOption('--name <name>', 'school name')
    .option('--school-id <sid>', 'a source org id (School ID); repeatable', collect, [])
    .action(async (options: { district: string; name: string; schoolId: string[] }) => {
      await runWithStore(context, async (store) => {
        const { id } = await createSchool(store.db, {
          districtId: options.district,
          name: options.name,
          schoolIds: options.schoolId,
        });
        printResult(context, { id }, () => id);
      });
    });
  command
    .command('list')
    .description('List the schools of a district.')
    .requiredOption('--district <id>', 'district id')
    .action(async (options: { district: string }) => {
      await runWithStore(context, async (store) => {
        const schools = await store.db
          .selectFrom('schools')
          .select(['id', 'name'])
          .where('district_id', '=', options.district)
          .orderBy('name')
          .execute();
        const ids = await store.db
          .selectFrom('school_source_ids')
          .select(['school_id', 'source_id'])
          .where('district_id', '=', options.district)
          .orderBy('source_id')
          .execute();
        const result = schools.map((school) => ({
          id: school.id,
          name: school.name,
          schoolIds: ids.filter((row) => row.school_id === school.id).map((row) => row.source_id),
        }));
        printResult(context, { schools: result }, () =>
          formatTable(
            ['id', 'name', 'School IDs'],
            result.map((s) => [s.id, s.name, s.schoolIds.join(', ')]),
          ),
        );
      });
    });
  return command;
}
