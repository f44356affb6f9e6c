import { sql, type Kysely } from 'kysely';

/**
 * The directory, the sync configs and the run history. Every table carries `district_id`
 * (the tenant key every query filters on, and the distribution column should the data ever
 * be sharded). Ids are UUIDs made by the application (time-ordered), so a plan can name the
 * records it is about to create and link them before anything is written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table districts (
      id uuid primary key,
      name text not null,
      time_zone text not null,
      created_at timestamptz not null default now()
    );

    create table schools (
      district_id uuid not null references districts (id),
      id uuid primary key,
      name text not null,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index schools_district on schools (district_id);

    -- A School ID is a source org id tied to a directory school. Several ids on one school
    -- merge those source schools into it.
    create table school_source_ids (
      district_id uuid not null references districts (id),
      school_id uuid not null references schools (id) on delete cascade,
      source_id text not null,
      primary key (school_id, source_id)
    );
    create index school_source_ids_lookup on school_source_ids (district_id, source_id);

    create table sync_configs (
      district_id uuid not null references districts (id),
      id uuid primary key,
      name text not null,
      source text not null,
      school_id uuid references schools (id),
      source_options jsonb not null default '{}',
      settings jsonb not null default '{}',
      is_enabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sync_configs_district on sync_configs (district_id);

    create table people (
      district_id uuid not null references districts (id),
      id uuid primary key,
      given_name text,
      middle_name text,
      family_name text,
      email text,
      mobile text,
      home_phone text,
      language text,
      account_state text not null default 'invitee' check (account_state in ('invitee', 'active')),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index people_district on people (district_id);
    create index people_email on people (district_id, email) where email is not null;
    create index people_mobile on people (district_id, mobile) where mobile is not null;

    -- One row per role a person holds. A synced role is owned by its sync config and keyed by
    -- (config, role, SIS ID); a manual role has no config.
    create table person_roles (
      district_id uuid not null references districts (id),
      id uuid primary key,
      person_id uuid not null references people (id),
      role text not null check (role in ('student', 'staff', 'guardian')),
      kind text,
      config_id uuid references sync_configs (id),
      sis_id text,
      student_number text,
      state_id text,
      grade text,
      school_ids uuid[] not null default '{}',
      is_district_level boolean not null default false,
      source_hash text,
      links_hash text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index person_roles_sis on person_roles (config_id, role, sis_id) where config_id is not null;
    create index person_roles_person on person_roles (person_id);
    create index person_roles_district on person_roles (district_id, role);

    create table classrooms (
      district_id uuid not null references districts (id),
      id uuid primary key,
      school_id uuid not null references schools (id),
      name text not null,
      grades text[] not null default '{}',
      subjects text[] not null default '{}',
      periods text[] not null default '{}',
      class_type text,
      class_code text,
      location text,
      course_sis_id text,
      term_sis_ids text[] not null default '{}',
      config_id uuid references sync_configs (id),
      sis_id text,
      source_hash text,
      members_hash text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index classrooms_sis on classrooms (config_id, sis_id) where config_id is not null;
    create index classrooms_district on classrooms (district_id, school_id);

    -- A membership or link with a config belongs to that sync; without one it was made by hand
    -- and the sync never touches it.
    create table memberships (
      district_id uuid not null references districts (id),
      classroom_id uuid not null references classrooms (id),
      person_id uuid not null references people (id),
      role text not null check (role in ('student', 'teacher', 'aide')),
      is_primary boolean not null default false,
      config_id uuid references sync_configs (id),
      created_at timestamptz not null default now(),
      primary key (classroom_id, person_id)
    );
    create index memberships_person on memberships (person_id);

    create table guardian_links (
      district_id uuid not null references districts (id),
      guardian_id uuid not null references people (id),
      student_id uuid not null references people (id),
      relationship text,
      contact_type text,
      config_id uuid references sync_configs (id),
      created_at timestamptz not null default now(),
      primary key (guardian_id, student_id)
    );
    create index guardian_links_student on guardian_links (student_id);

    create table runs (
      district_id uuid not null references districts (id),
      id uuid primary key,
      config_id uuid not null references sync_configs (id),
      status text not null,
      is_dry_run boolean not null default false,
      trigger text not null,
      input text,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      counts jsonb not null default '{}',
      held jsonb not null default '{}',
      finding_counts jsonb not null default '{}',
      error text
    );
    create index runs_district on runs (district_id, started_at desc);
    create index runs_config on runs (config_id, started_at desc);

    -- The part of a run's plan that was not applied: all of a dry run, the held removals of a
    -- held run. Applied changes live in audit_log, so nothing is written twice.
    create table plan_changes (
      district_id uuid not null references districts (id),
      run_id uuid not null references runs (id),
      seq integer not null,
      entity text not null,
      action text not null,
      record_id uuid,
      related_id uuid,
      sis_id text,
      before jsonb,
      after jsonb,
      state text not null check (state in ('planned', 'held', 'approved', 'discarded')),
      primary key (run_id, seq)
    );

    create table findings (
      district_id uuid not null references districts (id),
      run_id uuid not null references runs (id),
      seq integer not null,
      severity text not null check (severity in ('error', 'warning', 'info')),
      code text not null,
      entity text,
      sis_id text,
      file text,
      line integer,
      "column" text,
      value text,
      message text not null,
      primary key (run_id, seq)
    );

    -- Every applied change, by a run or a person, with before and after values: the history
    -- of each record, the undo data for rollback, and (ordered by id) the change feed.
    create table audit_log (
      district_id uuid not null references districts (id),
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('run', 'user', 'system')),
      actor_id text,
      run_id uuid references runs (id),
      entity text not null,
      action text not null,
      record_id uuid,
      related_id uuid,
      sis_id text,
      before jsonb,
      after jsonb
    );
    create index audit_log_district on audit_log (district_id, id);
    create index audit_log_run on audit_log (run_id) where run_id is not null;
    create index audit_log_record on audit_log (record_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit_log, findings, plan_changes, runs, guardian_links, memberships, classrooms,
      person_roles, people, sync_configs, school_source_ids, schools, districts;
  `.execute(db);
}
