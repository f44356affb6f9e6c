import { oneRosterCsvSource } from './oneroster-csv/oneroster-csv-source.ts';
import type { RosterSource } from './roster-source.ts';

/** Every source kind a sync config may use. */
export const rosterSources: ReadonlyMap<string, RosterSource> = new Map(
  [oneRosterCsvSource].map((source) => [source.kind, source]),
);
