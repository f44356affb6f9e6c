import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadSecretKey } from '../config/load-secret-key.ts';
import { SecretBox } from '../config/secret-box.ts';
import type { BulkTransaction } from './bulk-transaction.ts';
import { encodeCopyRows } from './copy-text.ts';
import type { Database } from './database-schema.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { migrateStore } from './migrate-store.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import { PgliteSession } from './pglite-session.ts';
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
  /**
   * `ROSTERSYNC_SECRET_KEY` (base64 of 32 bytes) sealing stored secrets; without it, `secret.key`
   * in `dataDir` (made on first need), or a random key of the process for `':memory:'`.
   */
  secretKey?: string | undefined;
}

/** Opens (and migrates) the store: PostgreSQL when a URL is given, else embedded PGlite. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const secrets = openSecretBox(options);
  const store = options.databaseUrl
    ? await openPostgres(options, secrets)
    : await openPglite(options, secrets);
  try {
    await migrateStore(store.db as never, options.databaseUrl ? options.schema : undefined);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * A configured key is checked now, so a bad one stops the command before anything is read;
 * the key file is read (or made) only when a secret is first sealed or opened, so commands
 * that never touch one leave the data folder as it was.
 */
function openSecretBox(options: OpenStoreOptions): SecretBox {
  if (options.secretKey !== undefined) {
    return new SecretBox(loadSecretKey({ configuredKey: options.secretKey, dataDir: options.dataDir }));
  }
  return new SecretBox(() => loadSecretKey({ dataDir: options.dataDir }));
}

async function openPglite(options: OpenStoreOptions, secrets: SecretBox): Promise<Store> {
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
  const session = new PgliteSession(pglite);
  const db = new Kysely<Database>({ dialect: new PgliteDialect(session) });
  return {
    db,
    engine: 'pglite',
    location: inMemory ? ':memory:' : path.resolve(options.dataDir),
    secrets,
    bulkTransaction: (fn) =>
      session.exclusive(async () => {
        const tx: BulkTransaction = {
          query: async (sql, params) => (await pglite.query(sql, params ? [...params] : [])).rows as never,
          async copy(table, columns, rows) {
            if (rows.length === 0) return;
            const text = encodeCopyRows(
              columns.map((column) => column.type),
              rows,
            );
            await pglite.query(
              `copy ${table} (${columns.map((c) => c.name).join(', ')}) from '/dev/blob'`,
              [],
              {
                blob: new Blob([text]),
              },
            );
          },
        };
        await pglite.query('begin');
        try {
          const result = await fn(tx);
          await pglite.query('commit');
          return result;
        } catch (error) {
          await pglite.query('rollback');
          throw error;
        }
      }),
    async close() {
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

// node-postgres returns int8 as a string; counts here always fit a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

async function openPostgres(options: OpenStoreOptions, secrets: SecretBox): Promise<Store> {
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
    secrets,
    async bulkTransaction(fn) {
      const client = await pool.connect();
      const tx: BulkTransaction = {
        query: async (sql, params) => (await client.query(sql, params ? [...params] : [])).rows,
        async copy(table, columns, rows) {
          if (rows.length === 0) return;
          const stream = client.query(
            copyFrom(`copy ${table} (${columns.map((c) => c.name).join(', ')}) from stdin`),
          );
          await new Promise<void>((resolve, reject) => {
            stream.on('finish', resolve);
            stream.on('error', reject);
            stream.end(
              encodeCopyRows(
                columns.map((column) => column.type),
                rows,
              ),
            );
          });
        },
      };
      try {
        await client.query('begin');
        const result = await fn(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
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
