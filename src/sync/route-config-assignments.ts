import type { RosterSource } from '../sources/roster-source.ts';
import { resolveSettingKey } from './setting-keys.ts';
import { SettingsError } from './sync-settings.ts';
import { resolveSourceOptionKey, suggestSourceOptionKey } from './source-option-keys.ts';

/** `config create --set` words, split into the source's options and the config's settings. */
export interface RoutedAssignments {
  /** Keyed by the option's own name, values trimmed (a pasted token's newline is not part of it). */
  sourceOptions: Record<string, string>;
  settings: Record<string, string>;
}

/**
 * Sends each `key=value` that names one of the source's options to the source options and the
 * rest to the settings, where an unknown key is refused with the nearest setting suggested
 * (`SETTING_UNKNOWN`). A key that is no setting but close to an option (`distrct_id`) is
 * refused here, suggesting the option.
 */
export function routeConfigAssignments(
  source: RosterSource | undefined,
  assignments: Readonly<Record<string, string>>,
): RoutedAssignments {
  const routed: RoutedAssignments = { sourceOptions: {}, settings: {} };
  for (const [key, value] of Object.entries(assignments)) {
    const option = source ? resolveSourceOptionKey(source, key) : null;
    if (option) {
      routed.sourceOptions[option] = value.trim();
      continue;
    }
    const suggestion = source && !resolveSettingKey(key) ? suggestSourceOptionKey(source, key) : null;
    if (suggestion) {
      throw new SettingsError(
        'SETTING_UNKNOWN',
        `Unknown setting or ${source?.kind} option "${key}". Did you mean "${suggestion}"?`,
      );
    }
    routed.settings[key] = value;
  }
  return routed;
}
