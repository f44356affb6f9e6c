import { main } from '../../src/cli/main.ts';
import type { Store } from '../../src/store/store.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Calls the `rostersync` entry point in-process against a shared, already open store (opening
 * PGlite per command would cost seconds each). Everything else is the real CLI.
 */
export function cliHarness(store: Store): (...args: string[]) => Promise<CliResult> {
  const shared: Store = { ...store, close: async () => {} };
  return async (...args) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      io: { out: (text) => (stdout += text), err: (text) => (stderr += text), isInteractive: false },
      env: {},
      openStore: async () => shared,
    });
    return {
      code,
      stdout,
      stderr,
      json<T>() {
        try {
          return JSON.parse(stdout) as T;
        } catch {
          throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
        }
      },
    };
  };
}
