import { Argument, Command } from 'commander';
import { grantRole, grantRoles } from '../../accounts/grant-role.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

/** `rostersync grant PERSON ROLE --district ID [--school ID]`: gives a person a right (SPEC §7). */
export function grantCommand(context: CliContext): Command {
  return new Command('grant')
    .description('Give a person a right: district-wide, or limited to one school with --school.')
    .argument('<person>', 'person id (see export)')
    .addArgument(new Argument('<role>', 'the right to give').choices(grantRoles))
    .requiredOption('--district <id>', 'district id')
    .option('--school <id>', 'the school it is limited to (required for school_leader)')
    .action(async (personId: string, role: string, options: { district: string; school?: string }) => {
      await runWithStore(context, async (store) => {
        const result = await grantRole(store.db, {
          districtId: options.district,
          personId,
          role,
          schoolId: options.school ?? null,
          actor: { kind: 'system', districtId: options.district },
        });
        const scope = options.school ? `school ${options.school}` : 'the whole district';
        printResult(context, result, () =>
          result.isNew
            ? `${personId} is now ${role} for ${scope}.`
            : `${personId} already is ${role} for ${scope}.`,
        );
      });
    });
}
