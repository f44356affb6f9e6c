import type { Kysely } from 'kysely';
import type { SecretBox } from '../config/secret-box.ts';
import type { BulkTransaction } from './bulk-transaction.ts';
import type { Database } from './database-schema.ts';

/** Which engine a store runs on; both speak the same SQL. */
export type StoreEngine = 'pglite' | 'postgres';

/** An open, migrated database. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: StoreEngine;
  /** Where it lives: the PGlite data folder, or the server URL without its password. */
  readonly location: string;
  /** Seals and opens the secrets stored in it (source credentials), with this installation's key. */
  readonly secrets: SecretBox;
  /** Runs `fn` in one transaction on one connection, with raw SQL and COPY (bulk writes). */
  bulkTransaction<T>(fn: (tx: BulkTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
