import type { EntityType } from '../roster/snapshot.ts';
import type { FindingCode } from './finding-codes.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One thing a run (or the validator) noticed about its input. Errors stop the rows they are
 * about, warnings do not; neither stops the rest of the input.
 */
export interface Finding {
  severity: Severity;
  code: FindingCode;
  message: string;
  entity?: EntityType | 'schools' | 'orgs' | 'bundle' | undefined;
  sisId?: string | undefined;
  file?: string | undefined;
  /** 1-based physical line in the file (the header is line 1). */
  line?: number | undefined;
  column?: string | undefined;
  /** The offending value, truncated. */
  value?: string | undefined;
}
