import { DirectoryError } from '../directory/directory-error.ts';
import type { CliContext } from './cli-context.ts';

/** Prints a result: JSON when `--json` was given, else the human text. */
export function printResult(context: CliContext, json: unknown, human: () => string): void {
  if (context.isJson()) context.io.out(`${JSON.stringify(json, null, 2)}\n`);
  else context.io.out(`${human()}\n`);
}

/** Errors with a stable code that a command reports as a refusal (exit 1), not a crash. */
export function isExpectedError(error: unknown): error is Error & { code: string } {
  if (error instanceof DirectoryError) return true;
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code);
}

/**
 * Reports an error: `{"error":{code,message,details?}}` on stdout with `--json` (`details`: what
 * a script needs to act on, e.g. a rollback's conflicts), a line on stderr always.
 */
export function printError(context: CliContext, code: string, message: string, details?: unknown): void {
  const error = details === undefined ? { code, message } : { code, message, details };
  if (context.isJson()) context.io.out(`${JSON.stringify({ error }, null, 2)}\n`);
  context.io.err(`error: ${message}\n`);
  context.setExitCode(1);
}

/** Renders rows as an aligned text table. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
