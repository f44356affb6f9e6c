import type { z } from 'zod';
import { DirectoryError } from '../directory-error.ts';

/** Validates an operation's input with its schema; a bad input is `INPUT_INVALID` (400). */
export function parseOperationInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`,
  );
  throw new DirectoryError('INPUT_INVALID', `Invalid input: ${problems.join('; ')}.`);
}
