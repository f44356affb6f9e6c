import type { CopyType } from './copy-text.ts';

/**
 * Raw SQL on one connection inside one transaction, with COPY for bulk rows: what the applier
 * uses to write a chunk of changes as fast as the engine can take them.
 */
export interface BulkTransaction {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Writes rows into `table` with COPY. */
  copy(
    table: string,
    columns: readonly { name: string; type: CopyType }[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
}
