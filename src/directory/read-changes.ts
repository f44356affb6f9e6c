import type { AuditActorType } from '../store/database-schema.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import {
  beginningOfChanges,
  decodeChangeCursor,
  encodeChangeCursor,
  isUuid,
  type ChangeCursor,
} from './change-cursor.ts';
import { changesQuery, type ChangeRow } from './changes-query.ts';
import { DirectoryError } from './directory-error.ts';

/** Changes per page when the reader does not say. */
export const defaultChangesLimit = 1000;
/** The most changes one page returns: a page is held in memory and sent as one response. */
export const maxChangesLimit = 10_000;

/** One applied change, as the change feed publishes it to the host app. */
export interface AppliedChange {
  /** This change's position: pass it as `since` to read what comes after it. */
  cursor: string;
  /** When the transaction that applied it began (ISO 8601); not monotonic along the feed. */
  at: string;
  /**
   * Who made it. `type` is `run` (a sync run: `runId`), `user` (a person: `personId`, with
   * `runId` when acting on a run, e.g. approving its held changes) or `system`.
   */
  actor: { type: AuditActorType; runId: string | null; personId: string | null };
  /** `students`, `staff`, `guardians`, `classrooms`, `memberships` or `guardianLinks`. */
  entity: string;
  /** The audit log's word: `create`, `update`, `archive`, `unarchive`, `add`, `remove`. */
  action: string;
  /** The person (students, staff, guardians), the classroom (classrooms, memberships) or the guardian (links). */
  recordId: string | null;
  /** The role (students, staff, guardians), the member person (memberships) or the student (links). */
  relatedId: string | null;
  /** The source's id of the record (the member's or guardian's for memberships and links). */
  sisId: string | null;
  /** Every field the change wrote, before → after; `null` on the side where it had no value. */
  fields: Record<string, { before: unknown; after: unknown }>;
}

export interface ChangePage {
  changes: AppliedChange[];
  /** Where the next read starts: the last change's cursor, or `since` when the page is empty. */
  cursor: string;
  /**
   * Whether more changes could be read right now. `false` means the reader is caught up; later
   * changes (and those of transactions still running) come with a later read from `cursor`.
   */
  hasMore: boolean;
}

export interface ReadChangesRequest {
  districtId: string;
  /** A cursor from an earlier page; from the beginning when absent. */
  since?: string | undefined;
  /** Changes per page, 1 to 10,000; default 1,000. */
  limit?: number | undefined;
}

/**
 * One page of a district's change feed: every change applied to its directory, in an order
 * that never changes and never lets a later read skip one (see `changesQuery`). Run it outside
 * a writing transaction: a reader's own uncommitted rows are not its to publish.
 */
export async function readChanges(db: Kysely<Database>, request: ReadChangesRequest): Promise<ChangePage> {
  const limit = request.limit ?? defaultChangesLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxChangesLimit) {
    throw new DirectoryError(
      'LIMIT_INVALID',
      `The limit must be a whole number from 1 to ${maxChangesLimit}.`,
    );
  }
  const districtId = request.districtId.toLowerCase();
  const district = isUuid(districtId)
    ? await db.selectFrom('districts').select('id').where('id', '=', districtId).executeTakeFirst()
    : undefined;
  if (!district) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${request.districtId}.`);
  const since = request.since === undefined ? beginningOfChanges(districtId) : readCursor(request.since);
  if (since.districtId !== districtId) {
    throw new DirectoryError('CURSOR_INVALID', 'This cursor belongs to another district’s change feed.');
  }
  // One row more than asked tells whether there is more, without a count.
  const { rows } = await changesQuery(since, limit + 1).execute(db);
  const page = rows.slice(0, limit).map((row) => toAppliedChange(districtId, row));
  return {
    changes: page,
    cursor: page.at(-1)?.cursor ?? encodeChangeCursor(since),
    hasMore: rows.length > limit,
  };
}

function readCursor(text: string): ChangeCursor {
  const cursor = decodeChangeCursor(text);
  if (!cursor) {
    throw new DirectoryError(
      'CURSOR_INVALID',
      'This is not a change feed cursor. Pass a cursor a read returned, or leave it out to start from the beginning.',
    );
  }
  return cursor;
}

function toAppliedChange(districtId: string, row: ChangeRow): AppliedChange {
  const fields: AppliedChange['fields'] = {};
  for (const name of new Set([...Object.keys(row.before ?? {}), ...Object.keys(row.after ?? {})])) {
    fields[name] = { before: row.before?.[name] ?? null, after: row.after?.[name] ?? null };
  }
  return {
    cursor: encodeChangeCursor({ districtId, xid: BigInt(row.cursor_xid), id: BigInt(row.cursor_id) }),
    at: new Date(row.at).toISOString(),
    actor: {
      type: row.actor_type,
      runId: row.run_id ?? (row.actor_type === 'run' ? row.actor_id : null),
      personId: row.actor_type === 'user' ? row.actor_id : null,
    },
    entity: row.entity,
    action: row.action,
    recordId: row.record_id,
    relatedId: row.related_id,
    sisId: row.sis_id,
    fields,
  };
}
