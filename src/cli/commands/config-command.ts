import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { DirectoryError } from '../../directory/directory-error.ts';
import { rosterSources } from '../../sources/roster-sources.ts';
import type { Store } from '../../store/store.ts';
import { findContradictionsInDistrict } from '../../sync/check-settings-in-district.ts';
import { createSyncConfig } from '../../sync/create-sync-config.ts';
import { describeSettings, formatSettingValue, type SettingEntry } from '../../sync/describe-settings.ts';
import type { SettingChange } from '../../sync/diff-settings.ts';
import { readConfigHistory, type ConfigHistoryEntry } from '../../sync/read-config-history.ts';
import { routeConfigAssignments } from '../../sync/route-config-assignments.ts';
import { setSourceOptions } from '../../sync/set-source-options.ts';
import { setSyncSettings } from '../../sync/set-sync-settings.ts';
import { redactSourceOptions } from '../../sync/source-options.ts';
import { loadSyncConfig, type SyncConfig } from '../../sync/sync-config.ts';
import type { CliContext } from '../cli-context.ts';
import { printResult } from '../cli-output.ts';
import { collect, parseAssignments, runWithStore } from '../run-action.ts';

/** `key=@file` values name a file relative to the folder the command runs in. */
const readSettingsFile = (file: string): string => readFileSync(path.resolve(file), 'utf8');

export function configCommand(context: CliContext): Command {
  const command = new Command('config').description('Create sync configs, change and show their settings.');
  command
    .command('create')
    .description('Create a sync config; prints its id.')
    .requiredOption('--district <id>', 'district id')
    .requiredOption('--source <kind>', `source kind: ${[...rosterSources.keys()].join(', ')}`)
    .option('--path <path>', 'bundle folder or ZIP (oneroster-csv)')
    .option('--name <name>', 'config name')
    .option('--school <id>', 'make it a school-level config of this school')
    .option(
      '--set <key=value>',
      'a setting, or a source option (clever: district_id, token…); repeatable (see README "Configuration")',
      collect,
      [],
    )
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
          const routed = routeConfigAssignments(
            rosterSources.get(options.source),
            parseSecretAssignments(options.set),
          );
          const sourceOptions: Record<string, unknown> = resolvePath(routed.sourceOptions);
          // Stored absolute, so runs started from another folder find the same bundle.
          if (options.path) sourceOptions.path = path.resolve(options.path);
          const { id } = await createSyncConfig(store.db, {
            districtId: options.district,
            source: options.source,
            name: options.name,
            schoolId: options.school,
            sourceOptions,
            secrets: store.secrets,
            settings: routed.settings,
            readFile: readSettingsFile,
            actor: { type: 'cli' },
          });
          printResult(context, { id }, () => id);
        });
      },
    );
  command
    .command('set')
    .description('Change settings of a sync config: key=value… (see README "Configuration").')
    .argument('<config>', 'config id')
    .argument('[assignments...]', 'key=value; a value @file reads JSON from the file')
    .option('--reset <key>', 'put a setting (or a group) back to its default; repeatable', collect, [])
    .action(async (configId: string, assignments: string[], options: { reset: string[] }) => {
      await runWithStore(context, async (store) => {
        if (assignments.length === 0 && options.reset.length === 0) {
          throw new DirectoryError('ARGUMENT_INVALID', 'Give at least one key=value or --reset key.');
        }
        const { changes } = await setSyncSettings(store.db, {
          configId,
          assignments: parseAssignments(assignments),
          resets: options.reset,
          readFile: readSettingsFile,
          actor: { type: 'cli' },
        });
        printResult(context, { id: configId, changes }, () =>
          changes.length === 0
            ? 'No setting changed.'
            : changes.map((change) => formatChange(change)).join('\n'),
        );
      });
    });
  command
    .command('set-source')
    .description('Change source options of a sync config: key=value… (secrets are stored sealed).')
    .argument('<config>', 'config id')
    .argument(
      '[assignments...]',
      'option=value (clever: district_id, token, client_id, client_secret, base_url…)',
    )
    .option('--unset <key>', 'remove a source option; repeatable', collect, [])
    .action(async (configId: string, assignments: string[], options: { unset: string[] }) => {
      await runWithStore(context, async (store) => {
        if (assignments.length === 0 && options.unset.length === 0) {
          throw new DirectoryError('ARGUMENT_INVALID', 'Give at least one option=value or --unset option.');
        }
        const { changes } = await setSourceOptions(store.db, {
          configId,
          assignments: resolvePath(parseSecretAssignments(assignments)),
          unsets: options.unset,
          secrets: store.secrets,
          actor: { type: 'cli' },
        });
        printResult(context, { id: configId, changes }, () =>
          changes.length === 0
            ? 'No source option changed.'
            : changes.map((change) => formatChange(change)).join('\n'),
        );
      });
    });
  command
    .command('show')
    .description('Show a sync config with every setting, defaults filled in and marked.')
    .argument('<config>', 'config id')
    .option('--history', 'also list every change of its settings')
    .action(async (configId: string, options: { history?: boolean }) => {
      await runWithStore(context, async (store) => {
        const config = await requireConfig(store, configId);
        const entries = describeSettings(config.settings, config.source);
        // Settings are checked when they change, but the district changes too (a school
        // archived, a School ID added): show what no longer holds.
        const problems = await findContradictionsInDistrict(store.db, config.settings, {
          districtId: config.districtId,
          id: config.id,
          source: config.source,
          schoolId: config.schoolId,
        });
        const history = options.history ? await historyOf(store, config) : undefined;
        // Secrets are never shown, not even sealed: a sealed value is still the secret at rest.
        const sourceOptions = redactSourceOptions(
          config.sourceOptions,
          rosterSources.get(config.source)?.secretOptionKeys ?? [],
        );
        const shown = {
          id: config.id,
          districtId: config.districtId,
          name: config.name,
          source: config.source,
          schoolId: config.schoolId,
          isEnabled: config.isEnabled,
          sourceOptions,
          settings: config.settings,
          entries,
          problems,
          ...(history ? { history } : {}),
        };
        printResult(context, shown, () =>
          [
            `${config.name} (${config.id})`,
            `source: ${config.source}`,
            ...formatSourceOptions(sourceOptions, config.source),
            `level: ${config.schoolId ? `school ${config.schoolId}` : 'district'}`,
            '',
            formatEntries(entries, config),
            ...problems.map((problem) => `problem: ${problem.message} (${problem.code})`),
            ...(history ? ['', formatHistory(history)] : []),
          ].join('\n'),
        );
      });
    });
  command
    .command('history')
    .description('List every change of a sync config’s settings, oldest first.')
    .argument('<config>', 'config id')
    .action(async (configId: string) => {
      await runWithStore(context, async (store) => {
        const config = await requireConfig(store, configId);
        const history = await historyOf(store, config);
        printResult(context, { id: config.id, history }, () => formatHistory(history));
      });
    });
  return command;
}

/**
 * `parseAssignments`, except that a word without `=` is refused without being echoed: it may
 * be a secret typed with the wrong separator (`token:…`).
 */
function parseSecretAssignments(words: readonly string[]): Record<string, string> {
  const position = words.findIndex((word) => word.indexOf('=') <= 0);
  if (position >= 0) {
    throw new DirectoryError(
      'ARGUMENT_INVALID',
      `Argument ${position + 1} of the key=value list is not key=value (not shown: it may be a secret).`,
    );
  }
  return parseAssignments(words);
}

/** A bundle path given as an option is stored absolute, as `--path` is. */
function resolvePath<T extends Record<string, unknown>>(options: T): T {
  return typeof options.path === 'string' && options.path !== ''
    ? { ...options, path: path.resolve(options.path) }
    : options;
}

/** One line per source option, in the source's order, secrets already redacted. */
function formatSourceOptions(options: Readonly<Record<string, unknown>>, sourceKind: string): string[] {
  const order = rosterSources.get(sourceKind)?.optionKeys ?? [];
  const keys = Object.keys(options).sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const width = Math.max(0, ...keys.map((key) => key.length));
  return keys.map((key) => `  ${key.padEnd(width)}  ${formatSettingValue(options[key])}`);
}

function rank(order: readonly string[], key: string): number {
  const index = order.indexOf(key);
  return index < 0 ? order.length : index;
}

async function requireConfig(store: Store, configId: string): Promise<SyncConfig> {
  const config = await loadSyncConfig(store.db, configId);
  if (!config) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${configId}.`);
  return config;
}

function historyOf(store: Store, config: SyncConfig): Promise<ConfigHistoryEntry[]> {
  return readConfigHistory(store.db, { districtId: config.districtId, configId: config.id });
}

function formatEntries(entries: readonly SettingEntry[], config: SyncConfig): string {
  const width = Math.max(...entries.map((entry) => entry.key.length));
  return entries
    .map((entry) => {
      const value =
        entry.key === 'timeZone' && entry.value === null
          ? `district (${config.districtTimeZone})`
          : formatSettingValue(entry.value, entry.key);
      const notes = [
        entry.isDefault ? '(default)' : '',
        entry.isUsedBySource ? '' : '(not used by this source)',
      ];
      return [entry.key.padEnd(width), value, ...notes].filter((part) => part !== '').join('  ');
    })
    .join('\n');
}

function formatHistory(history: readonly ConfigHistoryEntry[]): string {
  if (history.length === 0) return 'No settings changes recorded.';
  return history
    .map((entry) => {
      const who = entry.actorId ? `${entry.actorType} ${entry.actorId}` : entry.actorType;
      const head = `${entry.at.toISOString()}  ${who}  ${entry.action}`;
      if (entry.changes.length === 0) return `${head}  (all defaults)`;
      const isCreate = entry.action === 'create';
      return [head, ...entry.changes.map((change) => `  ${formatChange(change, isCreate)}`)].join('\n');
    })
    .join('\n');
}

/** `key: before → after`; a new config's settings have no before. */
function formatChange(change: SettingChange, isCreate = false): string {
  const after = formatSettingValue(change.after, change.key);
  return isCreate
    ? `${change.key}: ${after}`
    : `${change.key}: ${formatSettingValue(change.before, change.key)} → ${after}`;
}
