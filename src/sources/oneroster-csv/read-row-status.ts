import type { DeletedRecords } from '../../roster/snapshot.ts';
import { isDeletedStatus, type ReadContext } from './read-context.ts';

/** The record a row is about, built only when its status needs a closer look. */
export interface StatusRow {
  /** Its key in `snapshot.deleted[kind]`: a SIS id, or `enrollmentKey(class, user)`. */
  key: string;
  /** Whether the read already holds the record, as active or as unreadable. */
  isPresent: boolean;
  /** Where the row is and how to name its record (`user 000101`), for the finding. */
  file: string;
  line: number;
  label: string;
  sisId: string;
}

/**
 * Reads a row's `status`. A deleted row (`tobedeleted`, or the 1.0 word `inactive`) is
 * recorded in `snapshot.deleted` and is not part of the roster: the caller skips it.
 *
 * A record sent both as active and as deleted in one read is kept, whichever row comes first:
 * keeping a record by mistake is undone by the next export, removing one by mistake is not.
 * `DELETION_CONFLICT` says so.
 *
 * `describe` runs only for a deleted row, or while the file has deletions to check against:
 * an ordinary active row of a million-row bulk file costs one string comparison.
 */
export function readRowStatus(
  kind: keyof DeletedRecords,
  status: string | undefined,
  describe: () => StatusRow,
  context: ReadContext,
): 'active' | 'deleted' {
  const deleted = context.snapshot.deleted[kind];
  const isDeleted = isDeletedStatus(status);
  if (!isDeleted && deleted.size === 0) return 'active';
  const row = describe();
  if (isDeleted) {
    if (row.isPresent) reportConflict(row, context);
    else deleted.add(row.key);
    return 'deleted';
  }
  if (deleted.delete(row.key)) reportConflict(row, context);
  return 'active';
}

function reportConflict(row: StatusRow, context: ReadContext): void {
  context.findings.add({
    code: 'DELETION_CONFLICT',
    file: row.file,
    line: row.line,
    column: 'status',
    sisId: row.sisId,
    message: `${row.file} sends ${row.label} both as active and as tobedeleted; it is kept and not removed.`,
  });
}
