import { sql, type Kysely } from 'kysely';

/**
 * Join codes (SPEC §6): each student has at most one code a guardian can use to attach
 * themself. Kept in plain text, unique per district (the join looks a code up by it): a
 * leader prints it again on a letter home, so it must stay readable, and an 8-character code
 * (about 40 bits) hashed without a slow KDF would protect little against anyone who can read
 * the table, while a slow KDF per lookup would make the join an expensive search. A rotation
 * replaces the row, so an old code stops working at once.
 *
 * Also: directory operations done over the API by a host app are audited with the operator
 * (the API token) as actor, so `audit_log.actor_type` takes `operator` too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table join_codes (
      district_id uuid not null references districts (id),
      student_id uuid not null,
      code text not null,
      created_at timestamptz not null default now(),
      primary key (district_id, student_id)
    );
    create unique index join_codes_code on join_codes (district_id, code);
    alter table audit_log
      drop constraint audit_log_actor_type_check,
      add constraint audit_log_actor_type_check
        check (actor_type in ('run', 'user', 'operator', 'system'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table join_codes;
    alter table audit_log
      drop constraint audit_log_actor_type_check,
      add constraint audit_log_actor_type_check check (actor_type in ('run', 'user', 'system'));
  `.execute(db);
}
