import type { Kysely } from 'kysely';
import type { SecretBox } from '../config/secret-box.ts';
import { DirectoryError } from '../directory/directory-error.ts';
import type { RosterSource } from '../sources/roster-source.ts';
import { rosterSources } from '../sources/roster-sources.ts';
import type { Database } from '../store/database-schema.ts';
import type { SettingChange } from './diff-settings.ts';
import { recordConfigChange, type SettingsActor } from './record-config-change.ts';
import { resolveSourceOptionKey, suggestSourceOptionKey } from './source-option-keys.ts';
import { isSealedSecret, sealSourceOptions } from './source-options.ts';

export interface SetSourceOptionsInput {
  configId: string;
  /** Options to set, by key (`token`, `base_url`…), plain values; secrets are sealed here. */
  assignments: Readonly<Record<string, string>>;
  /** Options to remove. */
  unsets?: readonly string[];
  secrets: SecretBox;
  actor: SettingsActor;
}

/** A secret's value in the config's history: that it changed, never what it is. */
export const secretChanged = '(secret changed)';
/** A secret that was set, as the "before" of a change. */
export const secretWasSet = '(set)';

/**
 * Changes a config's source options (rotating a token, pointing at another URL): the result
 * must pass the source's `checkOptions`, secrets are sealed, and the change is recorded in the
 * config's history as `source.<key>` (secrets as `(secret changed)`). Stored secrets are not
 * opened: the check sees that they are there, so a secret sealed with a lost key can still be
 * replaced. A change that changes nothing is not recorded.
 */
export async function setSourceOptions(
  db: Kysely<Database>,
  input: SetSourceOptionsInput,
): Promise<{ configId: string; changes: SettingChange[] }> {
  const found = await db
    .selectFrom('sync_configs')
    .select('source')
    .where('id', '=', input.configId)
    .executeTakeFirst();
  if (!found) throw new DirectoryError('CONFIG_NOT_FOUND', `No sync config ${input.configId}.`);
  const source = rosterSources.get(found.source);
  if (!source) {
    throw new DirectoryError(
      'SOURCE_UNKNOWN',
      `The config's source "${found.source}" is not known to this version.`,
    );
  }
  const assignments = new Map(
    Object.entries(input.assignments).map(([key, value]) => [optionKey(source, key), value.trim()]),
  );
  const unsets = new Set((input.unsets ?? []).map((key) => optionKey(source, key)));
  for (const key of unsets) {
    if (assignments.has(key)) throw new DirectoryError('ARGUMENT_INVALID', `"${key}" is both set and unset.`);
  }
  for (const [key, value] of assignments) {
    if (value === '') {
      throw new DirectoryError('ARGUMENT_INVALID', `"${key}" is given no value; --unset ${key} removes it.`);
    }
  }
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('sync_configs')
      .select(['id', 'district_id', 'source_options'])
      .where('id', '=', input.configId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = row.source_options;
    const next: Record<string, unknown> = { ...before };
    for (const key of unsets) delete next[key];
    for (const [key, value] of assignments) next[key] = value;
    const problem = source.checkOptions(optionsToCheck(next, source, assignments));
    if (problem) throw new DirectoryError('SOURCE_OPTIONS_INVALID', `The change is refused: ${problem}.`);
    const changes = diffSourceOptions(before, next, source, assignments);
    if (changes.length === 0) return { configId: row.id, changes };
    // New secrets, and any stored plain (written by hand), are sealed; sealed ones stay as they are.
    const toSeal = source.secretOptionKeys.filter(
      (key) => next[key] !== undefined && !isSealedSecret(next[key]),
    );
    const stored = { ...next, ...sealSourceOptions(pick(next, toSeal), toSeal, input.secrets) };
    await tx
      .updateTable('sync_configs')
      .set({ source_options: JSON.stringify(stored), updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordConfigChange(tx, {
      districtId: row.district_id,
      configId: row.id,
      actor: input.actor,
      action: 'update',
      changes,
    });
    return { configId: row.id, changes };
  });
}

function optionKey(source: RosterSource, raw: string): string {
  const key = resolveSourceOptionKey(source, raw);
  if (key) return key;
  const suggestion = suggestSourceOptionKey(source, raw);
  throw new DirectoryError(
    'SOURCE_OPTIONS_INVALID',
    `Unknown ${source.kind} option "${raw}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} ` +
      `Its options: ${source.optionKeys.join(', ')}.`,
  );
}

/** What `checkOptions` sees: new values as given, stored secrets as a stand-in (not opened). */
function optionsToCheck(
  next: Readonly<Record<string, unknown>>,
  source: RosterSource,
  assignments: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const options: Record<string, unknown> = { ...next };
  for (const key of source.secretOptionKeys) {
    if (options[key] !== undefined && !assignments.has(key)) options[key] = '(stored secret)';
  }
  return options;
}

/** `source.<key>` before → after, in key order; a secret given anew counts as changed. */
function diffSourceOptions(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  source: RosterSource,
  assignments: ReadonlyMap<string, string>,
): SettingChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: SettingChange[] = [];
  for (const key of keys) {
    const was = before[key] ?? null;
    const is = after[key] ?? null;
    if (source.secretOptionKeys.includes(key)) {
      if (!assignments.has(key) && (was === null) === (is === null)) continue;
      changes.push({
        key: `source.${key}`,
        before: was === null ? null : secretWasSet,
        after: is === null ? null : secretChanged,
      });
    } else if (JSON.stringify(was) !== JSON.stringify(is)) {
      changes.push({ key: `source.${key}`, before: was, after: is });
    }
  }
  return changes;
}

function pick(options: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, options[key]]));
}
