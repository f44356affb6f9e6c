import type { CleverApiVersion } from './clever-records.ts';
import type { CleverSourceState } from './clever-source-state.ts';

const dayMs = 24 * 60 * 60 * 1000;
/**
 * Clever keeps events 30 days and drops older ones from the front of the list; a state
 * taken more than 29 days ago may already have lost events after it. A day of margin covers
 * clock skew between Clever and this machine.
 */
const EVENT_WINDOW_MS = 29 * dayMs;

export interface CleverReadModeInput {
  /** The stored state, parsed; null when there is none or it is unusable. */
  state: CleverSourceState | null;
  districtId: string;
  apiVersion: CleverApiVersion;
  /** Of the settings this run maps under (`hashCleverSettings`). */
  settingsHash: string;
  now: Date;
  /** `clever.fullSyncEveryDays`. */
  fullSyncEveryDays: number;
  /** The config has school split rules (`schoolMapping.splits`). */
  hasSchoolSplits: boolean;
  /** The config's Student ID setting. */
  studentId: 'sis_id' | 'student_number';
}

/** How this run reads Clever: everything, or the events since the state's event. */
export type CleverReadDecision =
  { mode: 'full'; reason: string } | { mode: 'incremental'; state: CleverSourceState & { eventId: string } };

/**
 * Whether a run may read only Clever's events (SPEC §2.1). Pure. Every doubt reads in full:
 * a full read costs time, a wrong incremental run leaves the directory wrong until the next
 * full one. What only Clever can answer (is the event still there, did a page fail, can each
 * event be applied alone) is judged afterwards by `readCleverEvents`.
 */
export function decideCleverReadMode(input: CleverReadModeInput): CleverReadDecision {
  const { state, now } = input;
  const full = (reason: string): CleverReadDecision => ({ mode: 'full', reason });
  if (!state)
    return full(
      'no earlier run has recorded where Clever’s events stand (first run, or the state is from an older version)',
    );
  if (state.eventId === null) {
    return full(
      'the last full read found no event to start from (Clever had no events for the district, events are not enabled for the app, or that read did not finish)',
    );
  }
  if (state.districtId !== input.districtId)
    return full(`the config now reads Clever district ${input.districtId}, not ${state.districtId}`);
  if (state.apiVersion !== input.apiVersion)
    return full(`the config now reads API ${input.apiVersion}, not ${state.apiVersion}`);
  if (state.settingsHash !== input.settingsHash) {
    return full(
      'the settings changed since the last read: records Clever did not change must be judged again',
    );
  }
  // Split rules route a person by all their classes; student numbers are matched across the
  // whole roster. Neither can be judged from the few records an incremental read has.
  if (input.hasSchoolSplits)
    return full('school split rules route people by all their classes, which only a full read has');
  if (input.studentId === 'student_number') {
    return full(
      'Student ID is student_number: numbers are matched across the whole roster, which only a full read has',
    );
  }
  const sinceFullMs = now.getTime() - Date.parse(state.fullReadAt);
  if (sinceFullMs >= input.fullSyncEveryDays * dayMs || sinceFullMs < 0) {
    const days = Math.floor(sinceFullMs / dayMs);
    return full(
      `the last full read was ${days} day${days === 1 ? '' : 's'} ago; clever.fullSyncEveryDays is ${input.fullSyncEveryDays}`,
    );
  }
  const sinceCheckMs = now.getTime() - Date.parse(state.checkedAt);
  if (sinceCheckMs > EVENT_WINDOW_MS || sinceCheckMs < 0) {
    return full(
      'the last read is more than 29 days ago (or in the future): Clever keeps events only 30 days',
    );
  }
  return { mode: 'incremental', state: { ...state, eventId: state.eventId } };
}
