import { Command, CommanderError } from 'commander';
import { readEnvironment } from '../config/environment.ts';
import { openStore, type OpenStoreOptions } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import type { CliContext, CliIo } from './cli-context.ts';
import { approveCommand } from './commands/approve-command.ts';
import { accountCommand } from './commands/account-command.ts';
import { grantCommand } from './commands/grant-command.ts';
import { grantsCommand } from './commands/grants-command.ts';
import { inviteCommand } from './commands/invite-command.ts';
import { revokeGrantCommand } from './commands/revoke-grant-command.ts';
import { benchCommand, benchScenarioCommand } from './commands/bench-command.ts';
import { changesCommand } from './commands/changes-command.ts';
import { configCommand } from './commands/config-command.ts';
import { discardCommand } from './commands/discard-command.ts';
import { districtCommand } from './commands/district-command.ts';
import { exportCommand } from './commands/export-command.ts';
import { generateCommand } from './commands/generate-command.ts';
import { fakeCleverCommand } from './commands/fake-clever-command.ts';
import { migrateCommand } from './commands/migrate-command.ts';
import { rollbackCommand } from './commands/rollback-command.ts';
import { runCommand } from './commands/run-command.ts';
import { runsCommand } from './commands/runs-command.ts';
import { schoolCommand } from './commands/school-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { syncCommand } from './commands/sync-command.ts';
import { tokenCommand } from './commands/token-command.ts';
import { validateCommand } from './commands/validate-command.ts';

export interface MainDependencies {
  io?: CliIo;
  env?: Readonly<Record<string, string | undefined>>;
  /** Opens the store; tests pass one that hands out a shared, already open store. */
  openStore?: (options: OpenStoreOptions) => Promise<Store>;
}

/** The `rostersync` command line. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], dependencies: MainDependencies = {}): Promise<number> {
  const io = dependencies.io ?? processIo();
  const environment = readEnvironment(dependencies.env ?? process.env);
  const open = dependencies.openStore ?? openStore;
  let exitCode = 0;
  const program = new Command('rostersync')
    .description('Keeps a school district’s directory in step with its rostering source.')
    .option(
      '--data-dir <dir>',
      'folder of the embedded database (ignored when DATABASE_URL is set)',
      environment.dataDir,
    )
    .option('--json', 'print one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  const context: CliContext = {
    io,
    environment,
    isJson: () => Boolean(program.opts().json),
    setExitCode: (code) => {
      exitCode = code;
    },
    openStore: () =>
      open({
        dataDir: program.opts().dataDir as string,
        databaseUrl: environment.databaseUrl,
        secretKey: environment.secretKey,
      }),
  };
  for (const command of [
    districtCommand(context),
    schoolCommand(context),
    configCommand(context),
    syncCommand(context),
    runsCommand(context),
    runCommand(context),
    approveCommand(context),
    discardCommand(context),
    rollbackCommand(context),
    exportCommand(context),
    accountCommand(context),
    inviteCommand(context),
    grantCommand(context),
    grantsCommand(context),
    revokeGrantCommand(context),
    changesCommand(context),
    validateCommand(context),
    migrateCommand(context),
    tokenCommand(context),
    serveCommand(context),
    generateCommand(context),
    fakeCleverCommand(context),
    benchCommand(context),
  ]) {
    program.addCommand(
      command.exitOverride().configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) }),
    );
  }
  // The benchmark's per-scenario worker: not a user command, so not in the help.
  program.addCommand(benchScenarioCommand(context), { hidden: true });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? 0
        : error.exitCode || 1;
    }
    io.err(
      `rostersync: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
  return exitCode;
}

function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isInteractive: Boolean(process.stderr.isTTY),
  };
}
