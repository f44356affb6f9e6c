import { cleverSource } from './clever/clever-source.ts';
import { oneRosterCsvSource } from './oneroster-csv/oneroster-csv-source.ts';
import type { RosterSource } from './roster-source.ts';

/** Every source kind a sync config may use. */
export const rosterSources: ReadonlyMap<string, RosterSource> = new Map(
  [oneRosterCsvSource, cleverSource].map((source) => [source.kind, source]),
);
