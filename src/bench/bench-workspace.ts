import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDistrict } from '../directory/create-district.ts';
import { createSchool } from '../directory/create-school.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { createSyncConfig } from '../sync/create-sync-config.ts';
import { readBundleSchools } from '../testkit/read-bundle-schools.ts';

export type BenchDatabase = 'embedded' | 'postgres';

/** Where one (size, database) pair of scenarios runs: a fresh database and a config in it. */
export interface BenchWorkspace {
  database: BenchDatabase;
  /** PGlite data folder (embedded), or the PostgreSQL URL and schema. */
  dataDir: string;
  databaseUrl: string | undefined;
  schema: string | undefined;
  /** The key sealing the config's secrets, shared with the scenario processes. */
  secretKey?: string | undefined;
  configId: string;
}

/** Opens the workspace's store (scenario workers do this in their own process). */
export function openWorkspaceStore(workspace: Omit<BenchWorkspace, 'configId'>): Promise<Store> {
  return openStore({
    dataDir: workspace.dataDir,
    databaseUrl: workspace.databaseUrl,
    schema: workspace.schema,
    secretKey: workspace.secretKey,
  });
}

/** Where a fresh workspace's database lives: a PGlite folder, or a PostgreSQL schema. */
export function newBenchWorkspaceBase(
  database: BenchDatabase,
  databaseUrl: string | undefined,
): Omit<BenchWorkspace, 'configId'> {
  return {
    database,
    dataDir: database === 'embedded' ? mkdtempSync(path.join(tmpdir(), 'rostersync-bench-db-')) : ':memory:',
    databaseUrl: database === 'postgres' ? databaseUrl : undefined,
    schema: database === 'postgres' ? `bench_${randomBytes(5).toString('hex')}` : undefined,
  };
}

/** Creates a fresh database with a district, its schools (School IDs from orgs.csv) and a config. */
export async function createBenchWorkspace(
  database: BenchDatabase,
  bundle: string,
  databaseUrl: string | undefined,
): Promise<BenchWorkspace> {
  const base = newBenchWorkspaceBase(database, databaseUrl);
  const store = await openWorkspaceStore(base);
  try {
    const { id: districtId } = await createDistrict(store.db, { name: 'Benchmark District' });
    for (const school of await readBundleSchools(bundle)) {
      await createSchool(store.db, { districtId, name: school.name, schoolIds: [school.sisId] });
    }
    const { id: configId } = await createSyncConfig(store.db, {
      districtId,
      source: 'oneroster-csv',
      sourceOptions: { path: bundle },
    });
    return { ...base, configId };
  } finally {
    await store.close();
  }
}

/** Drops a PostgreSQL workspace's schema (PGlite folders are removed by the caller). */
export async function dropBenchWorkspace(workspace: BenchWorkspace): Promise<void> {
  if (!workspace.databaseUrl || !workspace.schema) return;
  const client = new pg.Client({ connectionString: workspace.databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${workspace.schema}" cascade`);
  } finally {
    await client.end();
  }
}
