import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * The store a test file uses: in-memory PGlite by default, or, when DATABASE_URL is set, the
 * PostgreSQL server in a schema of the file's own (dropped when the file closes it), so test
 * files can run side by side.
 */
export async function openTestStore(): Promise<Store> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) return openStore({ dataDir: ':memory:' });
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ dataDir: ':memory:', databaseUrl, schema });
  return {
    ...store,
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
