import { sql, type Kysely } from 'kysely';

/** Where each run's time went, phase by phase (seconds), so slow runs explain themselves. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs add column timings jsonb not null default '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs drop column timings`.execute(db);
}
