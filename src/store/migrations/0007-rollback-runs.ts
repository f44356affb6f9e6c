import { sql, type Kysely } from 'kysely';

/**
 * Rollbacks (SPEC §5.6). A rollback is a run of its own (trigger `rollback`) whose reverse
 * changes are audited like any run's, so the change feed publishes them and a rollback can be
 * rolled back in turn. `runs.rolled_back_run_id` names the run it rolls back: a run is refused
 * a second rollback when a finished one names it, and a rollback interrupted halfway is found
 * by it so the next attempt finishes the job. Few runs are rollbacks, hence the partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table runs add column rolled_back_run_id uuid references runs (id);
    create index runs_rolled_back on runs (rolled_back_run_id) where rolled_back_run_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index runs_rolled_back;
    alter table runs drop column rolled_back_run_id;
  `.execute(db);
}
