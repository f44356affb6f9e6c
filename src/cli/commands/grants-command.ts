import { Command } from 'commander';
import { listGrants } from '../../accounts/list-grants.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

/** `rostersync grants --district ID [--person ID]`: who holds which rights. */
export function grantsCommand(context: CliContext): Command {
  return new Command('grants')
    .description('List the rights given to people of a district.')
    .requiredOption('--district <id>', 'district id')
    .option('--person <id>', 'only this person’s')
    .action(async (options: { district: string; person?: string }) => {
      await runWithStore(context, async (store) => {
        const grants = await listGrants(store.db, {
          districtId: options.district,
          actor: { kind: 'system', districtId: options.district },
          ...(options.person !== undefined ? { personId: options.person } : {}),
        });
        printResult(context, { grants }, () =>
          grants.length === 0
            ? 'No grants.'
            : formatTable(
                ['person', 'name', 'role', 'school', 'since', 'by'],
                grants.map((grant) => [
                  grant.personId,
                  grant.personName,
                  grant.role,
                  grant.schoolName ?? '(district)',
                  grant.createdAt.slice(0, 10),
                  grant.createdBy,
                ]),
              ),
        );
      });
    });
}
