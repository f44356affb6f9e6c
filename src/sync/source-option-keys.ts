import type { RosterSource } from '../sources/roster-source.ts';
import { closestName } from '../validate/closest-name.ts';

/**
 * The source option a `key=value` names, or null: option keys are snake_case
 * (`district_id`), read without regard to case and with `-` for `_` (`District-ID`). No setting
 * key reads as one: settings are camelCase paths.
 */
export function resolveSourceOptionKey(source: RosterSource, raw: string): string | null {
  const wanted = raw.trim().toLowerCase().replace(/-/g, '_');
  return source.optionKeys.find((key) => key === wanted) ?? null;
}

/** The option a misspelt key most likely meant (`distrct_id` → `district_id`), or null. */
export function suggestSourceOptionKey(source: RosterSource, raw: string): string | null {
  return closestName(raw.trim().toLowerCase().replace(/-/g, '_'), source.optionKeys);
}
