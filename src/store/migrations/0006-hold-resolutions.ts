import { sql, type Kysely } from 'kysely';

/**
 * Approving and discarding holds (SPEC §5.5).
 * - `runs.held_run_id`: an approval is a run of its own (trigger `approve`, the approved
 *   changes in the audit log with it as actor, so it can be rolled back); this names the held
 *   run it resolves.
 * - `runs.hold_resolution`: on the held run, how its hold was resolved (approved N of M, by
 *   which run, skipped per reason; or discarded). Null while the hold is open.
 * - `plan_changes`: a held change ends `approved`, `skipped` (no longer applies; the reason in
 *   `skip_reason`), `not_approved` (beyond the approved count) or `discarded`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table runs
      add column held_run_id uuid references runs (id),
      add column hold_resolution jsonb;
    alter table plan_changes
      drop constraint plan_changes_state_check,
      add constraint plan_changes_state_check
        check (state in ('planned', 'held', 'approved', 'skipped', 'not_approved', 'discarded')),
      add column skip_reason text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update plan_changes set state = 'discarded' where state in ('skipped', 'not_approved');
    alter table plan_changes
      drop column skip_reason,
      drop constraint plan_changes_state_check,
      add constraint plan_changes_state_check
        check (state in ('planned', 'held', 'approved', 'discarded'));
    alter table runs drop column hold_resolution, drop column held_run_id;
  `.execute(db);
}
