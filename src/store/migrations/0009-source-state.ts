import { sql, type Kysely } from 'kysely';

/**
 * What a source keeps between runs of a config (a Clever config: the newest event it has
 * seen, when it last read everything), as the source's own JSON. Written only by a run that
 * applied its changes, so a failed or dry run never moves it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sync_configs add column source_state jsonb not null default '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sync_configs drop column source_state`.execute(db);
}
