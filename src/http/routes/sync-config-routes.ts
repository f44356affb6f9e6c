import { z } from 'zod';
import { rosterSources } from '../../sources/roster-sources.ts';
import { findContradictionsInDistrict } from '../../sync/check-settings-in-district.ts';
import { createSyncConfig } from '../../sync/create-sync-config.ts';
import { describeSettings } from '../../sync/describe-settings.ts';
import { readConfigHistory } from '../../sync/read-config-history.ts';
import { setSourceOptions } from '../../sync/set-source-options.ts';
import { setSyncSettings } from '../../sync/set-sync-settings.ts';
import { redactSourceOptions } from '../../sync/source-options.ts';
import { loadSyncConfig } from '../../sync/sync-config.ts';
import { defineRoute } from '../api-route.ts';
import { actorOf } from '../auth/authorize.ts';
import { ApiError } from '../errors/api-error.ts';
import { requireConfigInDistrict } from '../find-in-district.ts';
import { decodePageCursor, encodePageCursor, pageQuery, toPage } from '../pagination.ts';
import { configParams, districtParams, districtPath } from './route-params.ts';

const assignments = z.record(z.string().min(1).max(200), z.string().max(100_000));
const configSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  source: z.string(),
  schoolId: z.uuid().nullable(),
  isEnabled: z.boolean(),
});
const settingChanges = z.object({
  id: z.uuid(),
  changes: z.array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() })),
});

/**
 * Source options that make the server reach somewhere of the caller's choosing: `path` a file
 * or folder of the machine (another district's bundles included), `base_url` and `token_url`
 * an address the server then calls with the config's credentials (its own network included).
 * They are set with the CLI, by whoever runs the machine; an API client uploads its bundle
 * with the run instead.
 */
const serverOnlyOptions = new Set(['path', 'base_url', 'token_url']);

function refuseServerOnlyOptions(keys: readonly string[]): void {
  const found = keys.filter((key) => serverOnlyOptions.has(key.trim().toLowerCase().replace(/-/g, '_')));
  if (found.length > 0) {
    throw new ApiError(
      'SOURCE_OPTION_NOT_ALLOWED',
      `The source option ${found.join(', ')} makes the server read a file or call an address and is set with the CLI; over the API, upload a bundle with the run.`,
    );
  }
}

export const syncConfigRoutes = [
  defineRoute({
    operationId: 'listSyncConfigs',
    method: 'GET',
    path: `${districtPath}/sync-configs`,
    summary: 'The district’s sync configs, oldest first.',
    tag: 'syncs',
    permission: 'syncs:read',
    params: districtParams,
    query: z.strictObject(pageQuery),
    success: {
      status: 200,
      description: 'A page of sync configs.',
      schema: z.object({ items: z.array(configSummary), next: z.string().nullable() }),
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, params, query }) {
      const { districtId } = params;
      let select = store.db
        .selectFrom('sync_configs')
        .select(['id', 'name', 'source', 'school_id', 'is_enabled'])
        .where('district_id', '=', districtId)
        .orderBy('id')
        .limit(query.limit + 1);
      if (query.cursor) {
        const [id] = decodePageCursor('sync-configs', districtId, query.cursor, 1) as [string];
        select = select.where('id', '>', id);
      }
      return toPage(
        await select.execute(),
        query.limit,
        (row) => ({
          id: row.id,
          name: row.name,
          source: row.source,
          schoolId: row.school_id,
          isEnabled: row.is_enabled,
        }),
        (row) => encodePageCursor('sync-configs', districtId, [row.id]),
      );
    },
  }),
  defineRoute({
    operationId: 'createSyncConfig',
    method: 'POST',
    path: `${districtPath}/sync-configs`,
    summary: 'Create a sync config (a district-level one, or with schoolId a school-level one).',
    description:
      'Settings are `key=value` pairs as README "Configuration" lists them. Secret source options are stored sealed. `path`, `base_url` and `token_url` are refused (set them with the CLI): upload a OneRoster bundle with the run.',
    tag: 'syncs',
    permission: 'syncs:write',
    params: districtParams,
    body: z.strictObject({
      source: z.string().min(1).max(100),
      name: z.string().max(200).optional(),
      schoolId: z.uuid().optional(),
      sourceOptions: assignments.default({}),
      settings: assignments.default({}),
    }),
    success: { status: 201, description: 'The new config’s id.', schema: z.object({ id: z.uuid() }) },
    errors: [
      'SOURCE_UNKNOWN',
      'SOURCE_OPTIONS_INVALID',
      'SOURCE_OPTION_NOT_ALLOWED',
      'SCHOOL_NOT_FOUND',
      'SETTINGS_INVALID',
    ],
    async handle({ store, params, body, principal }) {
      refuseServerOnlyOptions(Object.keys(body.sourceOptions));
      return createSyncConfig(store.db, {
        districtId: params.districtId,
        source: body.source,
        name: body.name,
        schoolId: body.schoolId,
        sourceOptions: body.sourceOptions,
        secrets: store.secrets,
        settings: body.settings,
        actor: actorOf(principal),
      });
    },
  }),
  defineRoute({
    operationId: 'getSyncConfig',
    method: 'GET',
    path: `${districtPath}/sync-configs/:configId`,
    summary:
      'A sync config with every setting (defaults marked), secrets redacted, and what no longer holds.',
    tag: 'syncs',
    permission: 'syncs:read',
    params: configParams,
    success: { status: 200, description: 'The config.' },
    errors: ['CONFIG_NOT_FOUND'],
    async handle({ store, params }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      const config = (await loadSyncConfig(store.db, params.configId))!;
      const problems = await findContradictionsInDistrict(store.db, config.settings, {
        districtId: config.districtId,
        id: config.id,
        source: config.source,
        schoolId: config.schoolId,
      });
      return {
        id: config.id,
        districtId: config.districtId,
        name: config.name,
        source: config.source,
        schoolId: config.schoolId,
        isEnabled: config.isEnabled,
        // Never the secrets, not even sealed: a sealed value is still the secret at rest.
        sourceOptions: redactSourceOptions(
          config.sourceOptions,
          rosterSources.get(config.source)?.secretOptionKeys ?? [],
        ),
        settings: config.settings,
        entries: describeSettings(config.settings, config.source),
        problems,
      };
    },
  }),
  defineRoute({
    operationId: 'setSyncConfigSettings',
    method: 'PATCH',
    path: `${districtPath}/sync-configs/:configId/settings`,
    summary: 'Change settings (`set`: key → value) or put them back to their defaults (`reset`).',
    tag: 'syncs',
    permission: 'syncs:write',
    params: configParams,
    body: z.strictObject({
      set: assignments.default({}),
      reset: z.array(z.string().min(1).max(200)).max(200).default([]),
    }),
    success: {
      status: 200,
      description: 'Each setting that changed, before → after.',
      schema: settingChanges,
    },
    errors: ['CONFIG_NOT_FOUND', 'SETTINGS_INVALID', 'SETTING_UNKNOWN', 'SCHOOL_NOT_IN_DISTRICT'],
    async handle({ store, params, body, principal }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      const { changes } = await setSyncSettings(store.db, {
        configId: params.configId,
        assignments: body.set,
        resets: body.reset,
        actor: actorOf(principal),
      });
      return { id: params.configId, changes };
    },
  }),
  defineRoute({
    operationId: 'setSyncConfigSourceOptions',
    method: 'PATCH',
    path: `${districtPath}/sync-configs/:configId/source-options`,
    summary: 'Change source options (`set`) or remove them (`unset`); secrets are stored sealed.',
    tag: 'syncs',
    permission: 'syncs:write',
    params: configParams,
    body: z.strictObject({
      set: assignments.default({}),
      unset: z.array(z.string().min(1).max(200)).max(100).default([]),
    }),
    success: {
      status: 200,
      description: 'Each option that changed (secrets as "(secret changed)").',
      schema: settingChanges,
    },
    errors: ['CONFIG_NOT_FOUND', 'SOURCE_OPTIONS_INVALID', 'SOURCE_OPTION_NOT_ALLOWED', 'ARGUMENT_INVALID'],
    async handle({ store, params, body, principal }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      refuseServerOnlyOptions([...Object.keys(body.set), ...body.unset]);
      const { changes } = await setSourceOptions(store.db, {
        configId: params.configId,
        assignments: body.set,
        unsets: body.unset,
        secrets: store.secrets,
        actor: actorOf(principal),
      });
      return { id: params.configId, changes };
    },
  }),
  defineRoute({
    operationId: 'getSyncConfigHistory',
    method: 'GET',
    path: `${districtPath}/sync-configs/:configId/history`,
    summary: 'Every change of the config’s settings and source options, oldest first.',
    tag: 'syncs',
    permission: 'syncs:read',
    params: configParams,
    success: { status: 200, description: 'The history.' },
    errors: ['CONFIG_NOT_FOUND'],
    async handle({ store, params }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      const history = await readConfigHistory(store.db, params);
      return {
        id: params.configId,
        history: history.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
      };
    },
  }),
];
