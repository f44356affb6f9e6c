import { sql, type Kysely } from 'kysely';

/**
 * Installation tokens: API tokens of no district (`district_id` null), for whoever runs the
 * installation (creating and listing districts over the API). Their scopes (`districts:read`,
 * `districts:write`) are checked by `createApiToken` and again when a token is resolved, not
 * by a constraint, so a new scope needs no migration. The index on `(district_id, id)` stays:
 * it serves a district's tokens and, through `district_id is null`, the installation's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens alter column district_id drop not null`.execute(db);
}

/** Going back deletes the installation tokens: a district-less row cannot satisfy `not null`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from api_tokens where district_id is null;
    alter table api_tokens alter column district_id set not null;
  `.execute(db);
}
