import { sql, type Kysely } from 'kysely';

/**
 * Lets several transactions write audit rows at once (the applier runs chunks in parallel)
 * while the change feed still never skips a row: each row carries the id of the transaction
 * that wrote it, the feed reads in (xid, id) order, and it only returns rows of transactions
 * older than every transaction still running (`pg_snapshot_xmin`). A transaction older than
 * that bound has finished, so no row can later appear before the cursor. The key becomes
 * (district_id, xid, id): unique, and the feed's order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log add column xid xid8 not null default pg_current_xact_id();
    alter table audit_log drop constraint audit_log_pkey, add primary key (district_id, xid, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log drop constraint audit_log_pkey, add primary key (district_id, id);
    alter table audit_log drop column xid;
  `.execute(db);
}
