import { sql, type Kysely } from 'kysely';

/**
 * The notification outbox (SPEC §6): when an active user's email or mobile — what they sign
 * in with — is changed by someone else (a run, with *Update contact details of active users*
 * on; a users manager by hand), a row tells the host app to announce it to the user, at the
 * old address and the new. Written in the transaction that makes the change, so a change is
 * never made unannounced nor announced unmade. The host app reads it in order by a cursor
 * (ids are UUIDv7: creation order), as it reads the change feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification_outbox (
      district_id uuid not null references districts (id),
      id uuid primary key,
      person_id uuid not null,
      kind text not null check (kind in ('credential_changed')),
      field text not null check (field in ('email', 'mobile')),
      old_value text,
      new_value text,
      actor_type text not null check (actor_type in ('run', 'user', 'operator', 'system')),
      actor_id uuid,
      created_at timestamptz not null default now()
    );
    create index notification_outbox_district on notification_outbox (district_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notification_outbox`.execute(db);
}
