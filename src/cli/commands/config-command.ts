import path from 'node:path';
import { Command } from 'commander';
import { DirectoryError } from '../../directory/directory-error.ts';
import { createSyncConfig } from '../../sync/create-sync-config.ts';
import { loadSyncConfig } from '../../sync/sync-config.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { collect, parseAssignments, runWithStore } from '../run-action.ts';

export function configCommand(context: CliContext): Command {
  const command = new Command('config').description('Create and show sync configs.');
  command
    .command('create')
    .description('Create a sync config; prints its id.')
    .requiredOption('--district <id>', 'district id')
    .requiredOption('--source <kind>', 'source kind: oneroster-csv')
    .option('--path <path>', 'bundle folder or ZIP (oneroster-csv)')
    .option('--name <name>', 'config name')
    .option('--school <id>', 'make it a school-level config of this school')
    .option('--set <key=value>', 'a setting; repeatable (see README "Settings")', collect, [])
    .action(
      async (options: {
        district: string;
        source: string;
        path?: string;
        name?: string;
        school?: string;
        set: string[];
      }) => {
        await runWithStore(context, async (store) => {
          const sourceOptions: Record<string, unknown> = {};
          // Stored absolute, so runs started from another folder find the same bundle.
          if (options.path) sourceOptions.path = path.resolve(options.path);
          const { id } = await createSyncConfig(store.db, {
            districtId: options.district,
            source: options.source,
            name: options.name,
            schoolId: options.school,
            sourceOptions,
            settings: parseAssignments(options.set),
          });
          printResult(context, { id }, () => id);
        });
      },
    );
  command
    .command('show')
    .description('Show a sync config with all its settings (defaults filled in).')
    .argument('<config>', 'config id')
    .action(async (configId: string) => {
      await runWithStore(context, async (store) => {
        const config = await loadSyncConfig(store.db, configId);
        if (!config) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${configId}.`);
        const shown = {
          id: config.id,
          districtId: config.districtId,
          name: config.name,
          source: config.source,
          schoolId: config.schoolId,
          isEnabled: config.isEnabled,
          sourceOptions: config.sourceOptions,
          settings: config.settings,
        };
        printResult(context, shown, () => JSON.stringify(shown, null, 2));
      });
    });
  return command;
}
