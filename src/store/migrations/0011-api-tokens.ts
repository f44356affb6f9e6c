import { sql, type Kysely } from 'kysely';

/**
 * API tokens of operators (the host app, scripts): one district each, with scopes. Only the
 * SHA-256 of a token is stored, so a copy of the database does not hand out access; the token
 * itself is shown once, when it is made. Revoked tokens stay (revoked_at) so `token list`
 * can still say who made them and when they were last used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_tokens (
      district_id uuid not null references districts (id),
      id uuid primary key,
      name text not null,
      token_hash text not null unique,
      scopes text[] not null,
      created_at timestamptz not null default now(),
      created_by text,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_district on api_tokens (district_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_tokens`.execute(db);
}
