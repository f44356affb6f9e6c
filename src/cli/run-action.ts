import type { Store } from '../store/store.ts';
import type { CliContext } from './cli-context.ts';
import { isExpectedError, printError } from './cli-output.ts';

/**
 * Runs a command body with an open store, closing it afterwards. Refusals with a stable code
 * become an error message and exit code 1; anything else is a bug and propagates.
 */
export async function runWithStore(
  context: CliContext,
  body: (store: Store) => Promise<void>,
): Promise<void> {
  let store: Store | undefined;
  try {
    store = await context.openStore();
    await body(store);
  } catch (error) {
    if (!isExpectedError(error)) throw error;
    // Refusals that carry details (every reason a settings change was refused) pass them on.
    printError(context, error.code, error.message, (error as { details?: unknown }).details);
  } finally {
    await store?.close();
  }
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses repeated `key=value` options into an object. */
export function parseAssignments(values: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0)
      throw Object.assign(new Error(`"${value}" is not key=value.`), { code: 'ARGUMENT_INVALID' });
    result[value.slice(0, equals).trim()] = value.slice(equals + 1);
  }
  return result;
}
