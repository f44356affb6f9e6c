import { Argument, Command } from 'commander';
import { accountStates, setAccountState, type AccountState } from '../../directory/set-account-state.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

/** `rostersync account`: people's accounts (invitations and sign-in come with the API). */
export function accountCommand(context: CliContext): Command {
  const command = new Command('account').description('Manage people’s accounts.');
  command
    .command('set-state')
    .description(
      'Set a person’s account state: an invitee’s contact details always follow the source; an active user’s follow the updateActiveContacts setting.',
    )
    .requiredOption('--district <id>', 'district id')
    .argument('<person>', 'person id (see export)')
    .addArgument(new Argument('<state>', 'the account state').choices(accountStates))
    .action(async (personId: string, state: AccountState, options: { district: string }) => {
      await runWithStore(context, async (store) => {
        const change = await setAccountState(store.db, {
          districtId: options.district,
          personId,
          state,
          actor: 'cli',
        });
        printResult(context, change, () =>
          change.before === change.after
            ? `${change.personId} is already ${change.after}.`
            : `${change.personId}: ${change.before} → ${change.after}`,
        );
      });
    });
  return command;
}
