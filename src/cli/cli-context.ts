import type { Environment } from '../config/environment.ts';
import type { Store } from '../store/store.ts';

/** Where a command writes: results to `out` (stdout), progress and messages to `err` (stderr). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly isInteractive: boolean;
}

/** What every command receives: its output, the environment and a way to open the store. */
export interface CliContext {
  readonly io: CliIo;
  readonly environment: Environment;
  /** Opens the store the global options select; the command closes it. */
  openStore(): Promise<Store>;
  /** Whether `--json` was given: print one JSON document on stdout and nothing else there. */
  isJson(): boolean;
  /** The exit code the command ends with (0 unless set). */
  setExitCode(code: number): void;
}
