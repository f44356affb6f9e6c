import { sql, type Kysely } from 'kysely';

/**
 * The history of every config's settings: who changed what, when, each setting before →
 * after. A table of its own rather than rows in audit_log: audit_log is the directory's
 * change feed and undo data, and a settings change is neither a directory change nor
 * something a rollback undoes.
 *
 * maxGuardiansPerStudent now stops at 20 (it stopped at 50): stored values above are lowered
 * to 20, so every stored config still parses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table config_changes (
      district_id uuid not null references districts (id),
      id uuid primary key,
      config_id uuid not null references sync_configs (id),
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('cli', 'api', 'user', 'system')),
      actor_id text,
      action text not null check (action in ('create', 'update')),
      changes json not null
    );
    create index config_changes_config on config_changes (config_id, id);

    update sync_configs
      set settings = jsonb_set(settings, '{maxGuardiansPerStudent}', '20')
      where jsonb_typeof(settings -> 'maxGuardiansPerStudent') = 'number'
        and (settings ->> 'maxGuardiansPerStudent')::numeric > 20;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table config_changes`.execute(db);
}
