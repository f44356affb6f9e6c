import { sql, type Kysely } from 'kysely';

/**
 * People's accounts (SPEC §6, §7): the rights given to people, their passwords, the
 * invitations that let them set one, and their signed-in sessions. Every table carries
 * `district_id` and every query filters on it, as elsewhere.
 *
 * Secrets are never stored: an invitation token and a session id are kept as their SHA-256
 * (32 random bytes each, so a plain hash is enough: nothing to guess, nothing to salt), a
 * password as its scrypt hash. These tables are small and edited one row at a time, so they
 * keep their foreign keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A right given to a person; school_id null means district-wide. One row per right:
    -- nulls are not distinct, so a district-wide right cannot be given twice.
    create table person_grants (
      district_id uuid not null references districts (id),
      person_id uuid not null references people (id),
      role text not null check (role in ('district_admin', 'school_leader', 'rostering_admin', 'users_manager')),
      school_id uuid references schools (id),
      created_at timestamptz not null default now(),
      created_by text not null,
      check (role <> 'district_admin' or school_id is null),
      check (role <> 'school_leader' or school_id is not null),
      unique nulls not distinct (district_id, person_id, role, school_id)
    );
    create index person_grants_district on person_grants (district_id, person_id);

    create table password_credentials (
      district_id uuid not null references districts (id),
      person_id uuid primary key references people (id),
      password_hash text not null,
      updated_at timestamptz not null default now()
    );

    -- An invitation to set a password. Re-inviting revokes the open ones; accepting one marks
    -- it used. Its token is shown once (the activation link) and stored as its SHA-256.
    create table invitations (
      district_id uuid not null references districts (id),
      id uuid primary key,
      person_id uuid not null references people (id),
      token_hash text not null unique,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      created_by text not null
    );
    create index invitations_person on invitations (district_id, person_id);

    -- A signed-in session. The cookie holds the id; the table its SHA-256, so a copy of the
    -- table signs nobody in.
    create table sessions (
      district_id uuid not null references districts (id),
      id_hash text primary key,
      person_id uuid not null references people (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index sessions_person on sessions (district_id, person_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sessions, invitations, password_credentials, person_grants`.execute(db);
}
