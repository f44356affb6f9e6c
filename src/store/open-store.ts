import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { migrateStore } from './migrate-store.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /**
   * Folder of the embedded database (PGlite), used when `databaseUrl` is not set.
   * `':memory:'` keeps it in memory (tests).
   */
  dataDir: string;
  /** A PostgreSQL connection string; selects the server engine. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to live in (created if missing). Tests give each file its own. */
  schema?: string | undefined;
  /** A PGlite data folder dump to start from instead of an empty database (tests). */
  pgliteDump?: Blob | undefined;
  /** Connections in the server pool. */
  poolSize?: number | undefined;
}

/** Opens (and migrates) the store: PostgreSQL when a URL is given, else embedded PGlite. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  try {
    await migrateStore(store.db as never);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(options: OpenStoreOptions): Promise<Store> {
  const inMemory = options.dataDir === ':memory:';
  let releaseLock = (): void => {};
  let pglite: PGlite;
  if (inMemory) {
    pglite = await PGlite.create({ loadDataDir: options.pgliteDump });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    // PGlite is one process's database: a second process opening the same folder would
    // corrupt it, so the folder is locked while open.
    releaseLock = acquireDataDirLock(options.dataDir);
    try {
      pglite = await PGlite.create({ dataDir: path.join(options.dataDir, 'pgdata') });
    } catch (error) {
      releaseLock();
      throw error;
    }
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    location: inMemory ? ':memory:' : path.resolve(options.dataDir),
    async close() {
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

// node-postgres returns int8 as a string; counts here always fit a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

async function openPostgres(options: OpenStoreOptions): Promise<Store> {
  const databaseUrl = options.databaseUrl as string;
  if (options.schema) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${quoteIdentifier(options.schema)}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 4,
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    location: redactUrl(databaseUrl) + (options.schema ? ` (schema ${options.schema})` : ''),
    async close() {
      await db.destroy();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
