import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamp column the database fills in; readable as a Date. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * Who made an audited change: a run (a sync, an approval, a rollback), a person (`user`), an
 * operator's API token (`operator`, migration 0012) or rostersync itself (`system`).
 */
export const auditActorTypes = ['run', 'user', 'operator', 'system'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;
/** A JSON column with a default, so inserts may leave it out. */
type JsonWithDefault<T extends object> = ColumnType<T, string | undefined, string>;

export interface DistrictTable {
  id: string;
  name: string;
  time_zone: string;
  created_at: CreatedAt;
}

export interface SchoolTable {
  district_id: string;
  id: string;
  name: string;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SchoolSourceIdTable {
  district_id: string;
  school_id: string;
  source_id: string;
}

export interface SyncConfigTable {
  district_id: string;
  id: string;
  name: string;
  source: string;
  school_id: string | null;
  source_options: JsonWithDefault<Record<string, unknown>>;
  settings: JsonWithDefault<Record<string, unknown>>;
  /** The source's own memory between runs (`SourceReadContext.state`), saved by applied runs only. */
  source_state: JsonWithDefault<Record<string, unknown>>;
  is_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PersonTable {
  district_id: string;
  id: string;
  given_name: string | null;
  middle_name: string | null;
  family_name: string | null;
  email: string | null;
  mobile: string | null;
  home_phone: string | null;
  language: string | null;
  account_state: ColumnType<'invitee' | 'active', 'invitee' | 'active' | undefined>;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PersonRoleTable {
  district_id: string;
  id: string;
  person_id: string;
  role: 'student' | 'staff' | 'guardian';
  kind: string | null;
  config_id: string | null;
  sis_id: string | null;
  student_number: string | null;
  state_id: string | null;
  grade: string | null;
  school_ids: ColumnType<string[], string[] | undefined>;
  is_district_level: ColumnType<boolean, boolean | undefined>;
  source_hash: string | null;
  links_hash: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ClassroomTable {
  district_id: string;
  id: string;
  school_id: string;
  name: string;
  grades: ColumnType<string[], string[] | undefined>;
  subjects: ColumnType<string[], string[] | undefined>;
  periods: ColumnType<string[], string[] | undefined>;
  class_type: string | null;
  class_code: string | null;
  location: string | null;
  course_sis_id: string | null;
  term_sis_ids: ColumnType<string[], string[] | undefined>;
  config_id: string | null;
  sis_id: string | null;
  source_hash: string | null;
  members_hash: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface MembershipTable {
  district_id: string;
  classroom_id: string;
  person_id: string;
  role: 'student' | 'teacher' | 'aide';
  is_primary: ColumnType<boolean, boolean | undefined>;
  config_id: string | null;
  created_at: CreatedAt;
}

export interface GuardianLinkTable {
  district_id: string;
  guardian_id: string;
  student_id: string;
  relationship: string | null;
  contact_type: string | null;
  config_id: string | null;
  created_at: CreatedAt;
}

export interface RunTable {
  district_id: string;
  id: string;
  config_id: string;
  status: string;
  is_dry_run: boolean;
  trigger: string;
  input: string | null;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  counts: JsonWithDefault<Record<string, Record<string, number>>>;
  held: JsonWithDefault<
    Record<string, { tried: number; percent: number; allowed: number; reason: string; detail?: string }>
  >;
  finding_counts: JsonWithDefault<Record<string, number>>;
  timings: JsonWithDefault<Record<string, number>>;
  error: string | null;
  /** On an approval run: the held run it resolves. */
  held_run_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** On a held run: how its hold was resolved (`HoldResolution` in sync/); null while open. */
  hold_resolution: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** On a rollback run: the run it rolls back. */
  rolled_back_run_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlanChangeTable {
  district_id: string;
  run_id: string;
  seq: number;
  entity: string;
  action: string;
  record_id: string | null;
  related_id: string | null;
  sis_id: string | null;
  before: Json<Record<string, unknown>> | null;
  after: Json<Record<string, unknown>> | null;
  state: 'planned' | 'held' | 'approved' | 'skipped' | 'not_approved' | 'discarded';
  /** Why an approval skipped the change (`SkipReason`), for state `skipped`. */
  skip_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FindingTable {
  district_id: string;
  run_id: string;
  seq: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  entity: string | null;
  sis_id: string | null;
  file: string | null;
  line: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export interface AuditLogTable {
  district_id: string;
  id: Generated<string>;
  /** The writing transaction (xid8, as text): the change feed's order is (xid, id). */
  xid: Generated<string>;
  at: CreatedAt;
  /** `operator`: an API token (its id in actor_id); `user`: a person. */
  actor_type: AuditActorType;
  actor_id: string | null;
  run_id: string | null;
  entity: string;
  action: string;
  record_id: string | null;
  related_id: string | null;
  sis_id: string | null;
  before: Json<Record<string, unknown>> | null;
  after: Json<Record<string, unknown>> | null;
}

/** One change of a config's settings (`config_changes`). */
export interface ConfigChangeTable {
  district_id: string;
  id: string;
  config_id: string;
  at: CreatedAt;
  actor_type: 'cli' | 'api' | 'user' | 'system';
  /** The person, for actor type `user`. */
  actor_id: string | null;
  action: 'create' | 'update';
  /** Each setting that changed, before → after. */
  changes: Json<{ key: string; before: unknown; after: unknown }[]>;
}

/** An API token (`api_tokens`): only its SHA-256 is stored. */
export interface ApiTokenTable {
  /** The district an operator's token acts in; null for an installation token (migration 0013). */
  district_id: string | null;
  id: string;
  name: string;
  /** SHA-256 of the whole token, hex. */
  token_hash: string;
  scopes: string[];
  created_at: CreatedAt;
  /** Who made it: `cli`, or a person id. */
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A student's join code (`join_codes`, SPEC §6): one per student, unique in the district. */
export interface JoinCodeTable {
  district_id: string;
  student_id: string;
  code: string;
  created_at: CreatedAt;
}

/**
 * An announcement the host app owes a user (`notification_outbox`, SPEC §6): their email or
 * mobile was changed by someone else. Read in id order (UUIDv7) by a cursor.
 */
export interface NotificationOutboxTable {
  district_id: string;
  id: string;
  person_id: string;
  kind: 'credential_changed';
  field: 'email' | 'mobile';
  old_value: string | null;
  new_value: string | null;
  actor_type: AuditActorType;
  actor_id: string | null;
  created_at: CreatedAt;
}

/** A right given to a person (`person_grants`, SPEC §7); `school_id` null: district-wide. */
export interface PersonGrantTable {
  district_id: string;
  person_id: string;
  role: 'district_admin' | 'school_leader' | 'rostering_admin' | 'users_manager';
  school_id: string | null;
  created_at: CreatedAt;
  /** Who gave it: a person id, `system`, or `token:` and an API token id. */
  created_by: string;
}

/** A person's password (`password_credentials`): its scrypt hash, `scrypt$N$r$p$salt$hash`. */
export interface PasswordCredentialTable {
  district_id: string;
  person_id: string;
  password_hash: string;
  updated_at: CreatedAt;
}

/** An invitation to set a password (`invitations`): only its token's SHA-256 is stored. */
export interface InvitationTable {
  district_id: string;
  id: string;
  person_id: string;
  /** SHA-256 of the token's secret part, base64url. */
  token_hash: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  /** Set when a newer invitation of the same person replaced it. */
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  /** Who invited: a person id, `system`, or `token:` and an API token id. */
  created_by: string;
}

/** A signed-in session (`sessions`): only its id's SHA-256 is stored. */
export interface SessionTable {
  district_id: string;
  /** SHA-256 of the session id, base64url. */
  id_hash: string;
  person_id: string;
  created_at: CreatedAt;
  /** The absolute end; the idle end is `last_seen_at` plus the idle lifetime. */
  expires_at: Timestamp;
  last_seen_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The whole store as Kysely sees it. */
export interface Database {
  districts: DistrictTable;
  schools: SchoolTable;
  school_source_ids: SchoolSourceIdTable;
  sync_configs: SyncConfigTable;
  people: PersonTable;
  person_roles: PersonRoleTable;
  classrooms: ClassroomTable;
  memberships: MembershipTable;
  guardian_links: GuardianLinkTable;
  runs: RunTable;
  plan_changes: PlanChangeTable;
  findings: FindingTable;
  audit_log: AuditLogTable;
  config_changes: ConfigChangeTable;
  api_tokens: ApiTokenTable;
  join_codes: JoinCodeTable;
  notification_outbox: NotificationOutboxTable;
  person_grants: PersonGrantTable;
  password_credentials: PasswordCredentialTable;
  invitations: InvitationTable;
  sessions: SessionTable;
}
