import { Command } from 'commander';
import { operatorScopes } from '../../directory/principal.ts';
import { createApiToken } from '../../http/tokens/create-api-token.ts';
import { listApiTokens } from '../../http/tokens/list-api-tokens.ts';
import { revokeApiToken } from '../../http/tokens/revoke-api-token.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { collect, runWithStore } from '../run-action.ts';

/** `rostersync token`: operators' API tokens (README "HTTP API"). */
export function tokenCommand(context: CliContext): Command {
  const command = new Command('token').description('Create, list and revoke operators’ API tokens.');
  command
    .command('create')
    .description('Create an API token for one district; prints the token once (only its hash is kept).')
    .requiredOption('--district <id>', 'district id')
    .requiredOption('--name <name>', 'what uses the token (e.g. "host app")')
    .option('--scope <scope>', `a scope; repeatable: ${operatorScopes.join(', ')}`, collect, [])
    .action(async (options: { district: string; name: string; scope: string[] }) => {
      await runWithStore(context, async (store) => {
        const created = await createApiToken(store.db, {
          districtId: options.district,
          name: options.name,
          scopes: options.scope,
          createdBy: 'cli',
        });
        printResult(context, created, () =>
          [
            `Token ${created.id} (${created.name}): ${created.scopes.join(', ')}`,
            created.token,
            'Keep it now: it is not shown again.',
          ].join('\n'),
        );
      });
    });
  command
    .command('list')
    .description('List the API tokens of a district (never the tokens themselves).')
    .requiredOption('--district <id>', 'district id')
    .action(async (options: { district: string }) => {
      await runWithStore(context, async (store) => {
        const tokens = await listApiTokens(store.db, options.district);
        printResult(context, { tokens }, () =>
          formatTable(
            ['id', 'name', 'scopes', 'created', 'last used', 'revoked'],
            tokens.map((t) => [
              t.id,
              t.name,
              t.scopes.join(','),
              t.createdAt,
              t.lastUsedAt ?? '',
              t.revokedAt ?? '',
            ]),
          ),
        );
      });
    });
  command
    .command('revoke')
    .description('Revoke an API token: it stops working at once.')
    .requiredOption('--district <id>', 'district id')
    .argument('<token>', 'token id (see token list)')
    .action(async (tokenId: string, options: { district: string }) => {
      await runWithStore(context, async (store) => {
        const revoked = await revokeApiToken(store.db, { districtId: options.district, tokenId });
        printResult(context, revoked, () => `Token ${revoked.id} revoked (${revoked.revokedAt}).`);
      });
    });
  return command;
}
