import { Command } from 'commander';
import { installationScopes, operatorScopes } from '../../directory/principal.ts';
import { createApiToken } from '../../http/tokens/create-api-token.ts';
import { listApiTokens } from '../../http/tokens/list-api-tokens.ts';
import { revokeApiToken } from '../../http/tokens/revoke-api-token.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { collect, runWithStore } from '../run-action.ts';

/** Whose tokens a subcommand is about: `--district ID` or `--installation`, exactly one. */
interface TokenOwnerOptions {
  district?: string;
  installation?: boolean;
}

/**
 * `rostersync token`: API tokens (README "HTTP API"): operators' tokens of one district, and
 * installation tokens (no district) that create and list districts.
 */
export function tokenCommand(context: CliContext): Command {
  const command = new Command('token').description(
    'Create, list and revoke API tokens: a district’s operators’, or the installation’s.',
  );
  command
    .command('create')
    .description(
      'Create an API token for one district, or an installation token; prints the token once (only its hash is kept).',
    )
    .option('--district <id>', 'district id')
    .option('--installation', `an installation token (no district; scopes ${installationScopes.join(', ')})`)
    .requiredOption('--name <name>', 'what uses the token (e.g. "host app")')
    .option(
      '--scope <scope>',
      `a scope; repeatable: ${operatorScopes.join(', ')}; with --installation ${installationScopes.join(', ')}`,
      collect,
      [],
    )
    .action(async (options: TokenOwnerOptions & { name: string; scope: string[] }) => {
      await runWithStore(context, async (store) => {
        const created = await createApiToken(store.db, {
          districtId: ownerOf(options),
          name: options.name,
          scopes: options.scope,
          createdBy: 'cli',
        });
        printResult(context, created, () =>
          [
            `${created.districtId === null ? 'Installation token' : 'Token'} ${created.id} (${created.name}): ${created.scopes.join(', ')}`,
            created.token,
            'Keep it now: it is not shown again.',
          ].join('\n'),
        );
      });
    });
  command
    .command('list')
    .description(
      'List the API tokens of a district, or the installation tokens (never the tokens themselves).',
    )
    .option('--district <id>', 'district id')
    .option('--installation', 'the installation tokens')
    .action(async (options: TokenOwnerOptions) => {
      await runWithStore(context, async (store) => {
        const tokens = await listApiTokens(store.db, ownerOf(options));
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
    .option('--district <id>', 'district id')
    .option('--installation', 'an installation token')
    .argument('<token>', 'token id (see token list)')
    .action(async (tokenId: string, options: TokenOwnerOptions) => {
      await runWithStore(context, async (store) => {
        const revoked = await revokeApiToken(store.db, { districtId: ownerOf(options), tokenId });
        printResult(context, revoked, () => `Token ${revoked.id} revoked (${revoked.revokedAt}).`);
      });
    });
  return command;
}

/**
 * The district a subcommand is about, or null for the installation's tokens. Saying neither
 * or both is refused: a forgotten `--district` must not silently mean "installation".
 */
function ownerOf(options: TokenOwnerOptions): string | null {
  if ((options.district === undefined) === (options.installation !== true)) {
    throw Object.assign(new Error('Give either --district ID or --installation (not both).'), {
      code: 'ARGUMENT_INVALID',
    });
  }
  return options.district ?? null;
}
