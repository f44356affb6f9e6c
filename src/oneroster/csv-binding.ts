/**
 * The OneRoster CSV binding as data: every file of each version, its columns in the order the
 * standard gives, whether each is required, and the form its values take. The validator checks
 * bundles against it; the readers use it to know which columns exist.
 */

export type OneRosterVersion = '1.1' | '1.2';

/** The record kinds that other files refer to, by the file that holds them (without `.csv`). */
export type RecordFile =
  | 'orgs'
  | 'users'
  | 'classes'
  | 'courses'
  | 'academicSessions'
  | 'enrollments'
  | 'resources'
  | 'categories'
  | 'lineItems'
  | 'results'
  | 'demographics'
  | 'roles'
  | 'userProfiles'
  | 'scoreScales';

/** The form of a column's values. An empty field is judged by `required`, never by the type. */
export type ValueType =
  /** The row's own sourcedId: non-empty, unique in the file. */
  | { kind: 'id' }
  /** Free text. */
  | { kind: 'string' }
  /** A quoted comma list of free text. */
  | { kind: 'stringList' }
  /** The sourcedId of a record in another (or the same) file. */
  | { kind: 'reference'; target: RecordFile }
  /** A comma list of such sourcedIds. */
  | { kind: 'referenceList'; target: RecordFile }
  /** `YYYY-MM-DD`. */
  | { kind: 'date' }
  /** ISO 8601 date-time in UTC, e.g. `2024-09-01T12:00:00.000Z` (a date alone is tolerated in 1.1). */
  | { kind: 'datetime' }
  /** `true` or `false` (the standard's case). */
  | { kind: 'boolean' }
  /** `YYYY`. */
  | { kind: 'year' }
  | { kind: 'integer' }
  | { kind: 'float' }
  /**
   * One of the listed tokens (the standard's case). `extensible`: values starting with `ext:`
   * are also allowed, as the standard permits for that enumeration.
   */
  | { kind: 'enum'; values: readonly string[]; extensible?: boolean }
  /** A comma list of such tokens. */
  | { kind: 'enumList'; values: readonly string[]; extensible?: boolean }
  /** A comma list of CEDS grade codes. */
  | { kind: 'grades' }
  /** A comma list of `{type:identifier}` pairs (users.userIds). */
  | { kind: 'typedIdList' };

/**
 * - `always`: every row must have a value;
 * - `delta`: must have a value in a delta file and is left empty in a bulk one (status and
 *   dateLastModified);
 * - `optional`: may be empty.
 */
export type Requirement = 'always' | 'delta' | 'optional';

export interface ColumnSpec {
  name: string;
  requirement: Requirement;
  type: ValueType;
}

export interface CsvFileBinding {
  /** `users.csv`, spelt as the standard spells it. */
  file: string;
  /** The record kind the file holds (`users` for users.csv); `manifest` has none. */
  record: RecordFile | null;
  /** The columns in the standard's order. */
  columns: readonly ColumnSpec[];
}

export type CsvBinding = ReadonlyMap<string, CsvFileBinding>;
