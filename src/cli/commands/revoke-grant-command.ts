import { Argument, Command } from 'commander';
import { grantRoles } from '../../accounts/grant-role.ts';
import { revokeGrant } from '../../accounts/revoke-grant.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

/** `rostersync revoke-grant PERSON ROLE --district ID [--school ID]`: takes one grant back. */
export function revokeGrantCommand(context: CliContext): Command {
  return new Command('revoke-grant')
    .description(
      'Take a grant back: the district-wide one, or the one for --school (the others the person holds stay).',
    )
    .argument('<person>', 'person id (see export)')
    .addArgument(new Argument('<role>', 'the right to take back').choices(grantRoles))
    .requiredOption('--district <id>', 'district id')
    .option('--school <id>', 'the school of the grant; without it, the district-wide grant')
    .action(async (personId: string, role: string, options: { district: string; school?: string }) => {
      await runWithStore(context, async (store) => {
        const result = await revokeGrant(store.db, {
          districtId: options.district,
          personId,
          role,
          schoolId: options.school ?? null,
          actor: { kind: 'system', districtId: options.district },
        });
        printResult(
          context,
          result,
          () =>
            `${personId} is no longer ${role} for ${options.school ? `school ${options.school}` : 'the whole district'}.`,
        );
      });
    });
}
