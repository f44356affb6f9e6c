import { Command } from 'commander';
import { activationPath, invitePerson } from '../../accounts/invite-person.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';

/**
 * `rostersync invite PERSON --district ID`: an invitation to set a password. The activation
 * link is printed this once, on stdout only (never to stderr or a log): whoever runs the
 * command hands it to the person.
 */
export function inviteCommand(context: CliContext): Command {
  return new Command('invite')
    .description(
      'Invite a person to activate their account: prints the activation link (shown once; a new invitation replaces older ones).',
    )
    .argument('<person>', 'person id (see export)')
    .requiredOption('--district <id>', 'district id')
    .action(async (personId: string, options: { district: string }) => {
      await runWithStore(context, async (store) => {
        const invitation = await invitePerson(store.db, {
          districtId: options.district,
          personId,
          actor: { kind: 'system', districtId: options.district },
        });
        const link = activationPath(invitation.token);
        printResult(
          context,
          {
            id: invitation.id,
            personId: invitation.personId,
            sendTo: invitation.sendTo,
            expiresAt: invitation.expiresAt.toISOString(),
            revokedCount: invitation.revokedCount,
            activationPath: link,
          },
          () =>
            [
              `Invited ${invitation.personId} (send to ${invitation.sendTo.email ?? invitation.sendTo.mobile}); the link works until ${invitation.expiresAt.toISOString()}.`,
              ...(invitation.revokedCount > 0
                ? [`It replaces ${invitation.revokedCount} earlier invitation(s), which no longer work.`]
                : []),
              `Activation link (shown once): ${link}`,
            ].join('\n'),
        );
      });
    });
}
