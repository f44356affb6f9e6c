import type { RollbackConflict } from './rollback-conflict.ts';

/**
 * Why a rollback is refused. Codes are permanent and documented in the README (CLI reference,
 * `rollback`); a test keeps the two equal.
 */
export const rollbackErrorCodes = {
  RUN_NOT_FOUND: {
    when: 'No run has this id.',
    fix: 'Take the id from `rostersync runs`.',
  },
  RUN_ALREADY_ROLLED_BACK: {
    when: 'A finished rollback (in full or `--partial`) already names this run.',
    fix: 'To undo that rollback, roll back the rollback run.',
  },
  ROLLBACK_CONFLICTS: {
    when: 'Later runs or people changed records this run changed (the same field, or the state of the same record, membership or link); nothing was changed. The conflicts are listed.',
    fix: 'Look at the later changes (`run show`); roll back those runs first, or use `--partial` to roll back the rest.',
  },
} as const;

export type RollbackErrorCode = keyof typeof rollbackErrorCodes;

/** A refused rollback: nothing was changed and no run was recorded. */
export class RollbackError extends Error {
  constructor(
    readonly code: RollbackErrorCode,
    message: string,
    /** For ROLLBACK_CONFLICTS: what stands in the way. */
    readonly conflicts: readonly RollbackConflict[] = [],
  ) {
    super(message);
  }
}
