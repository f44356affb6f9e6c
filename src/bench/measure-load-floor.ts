import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openBundle, type BundleFile } from '../sources/oneroster-csv/open-bundle.ts';

/** Where the load floor is measured: the same engine the scenarios run on. */
export type LoadTarget = { engine: 'postgres'; databaseUrl: string } | { engine: 'pglite' };

/**
 * The load floor: bulk-load the bundle's rows with `COPY` into unindexed tables of text
 * columns (one per file), in one transaction, and do nothing else. No run can write the
 * input faster than this.
 */
export async function measureLoadFloor(bundlePath: string, target: LoadTarget): Promise<{ seconds: number }> {
  const bundle = await openBundle(bundlePath);
  const files = [...bundle.files].filter(([name]) => name.endsWith('.csv'));
  const schema = `load_floor_${process.pid}_${Date.now()}`;
  try {
    if (target.engine === 'postgres') {
      const client = new pg.Client({ connectionString: target.databaseUrl });
      await client.connect();
      try {
        await client.query(`create schema ${schema}`);
        const tables = await createTables(files, (sql) => client.query(sql), schema);
        const started = performance.now();
        await client.query('begin');
        for (const [index, [, file]] of files.entries()) {
          await pipeline(
            await file.open(),
            client.query(copyFrom(`copy ${tables[index]} from stdin with (format csv, header true)`)),
          );
        }
        await client.query('commit');
        return { seconds: (performance.now() - started) / 1000 };
      } finally {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    }
    const db = await PGlite.create();
    try {
      await db.exec(`create schema ${schema}`);
      const tables = await createTables(files, (sql) => db.exec(sql), schema);
      // PGlite copies from a blob, so the files are read first; reading is not loading.
      const blobs = await Promise.all(files.map(async ([, file]) => new Blob([await readAll(file)])));
      const started = performance.now();
      await db.transaction(async (tx) => {
        for (const [index, table] of tables.entries()) {
          await tx.query(`copy ${table} from '/dev/blob' with (format csv, header true)`, [], {
            blob: blobs[index],
          });
        }
      });
      return { seconds: (performance.now() - started) / 1000 };
    } finally {
      await db.close();
    }
  } finally {
    bundle.close();
  }
}

async function createTables(
  files: [string, BundleFile][],
  exec: (sql: string) => Promise<unknown>,
  schema: string,
): Promise<string[]> {
  const tables: string[] = [];
  for (const [index, [, file]] of files.entries()) {
    const header = await readHeader(file);
    const table = `${schema}.file_${index}`;
    await exec(`create table ${table} (${header.map((_, i) => `c${i} text`).join(', ')})`);
    tables.push(table);
  }
  return tables;
}

async function readHeader(file: BundleFile): Promise<string[]> {
  const stream = await file.open();
  let text = '';
  for await (const chunk of stream) {
    text += (chunk as Buffer).toString();
    if (text.includes('\n')) break;
  }
  stream.destroy();
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)[0]!
    .split(',');
}

async function readAll(file: BundleFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await file.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
