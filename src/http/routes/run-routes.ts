import { z } from 'zod';
import { rollbackJson } from '../../rollback/rollback-json.ts';
import { holdOutcomeJson } from '../../sync/hold-outcome-json.ts';
import { runSummaryJson } from '../../sync/run-summary-json.ts';
import { findingsCsv } from '../../findings/findings-csv.ts';
import { rollbackRun } from '../../rollback/rollback-run.ts';
import { approveHold } from '../../sync/approve-hold.ts';
import { discardHold } from '../../sync/discard-hold.ts';
import { readRun } from '../../sync/read-runs.ts';
import { runSync } from '../../sync/run-sync.ts';
import { defineRoute } from '../api-route.ts';
import { requireConfigInDistrict, requireRunInDistrict } from '../find-in-district.ts';
import { decodePageCursor, encodePageCursor, pageQuery, toPage } from '../pagination.ts';
import { listRunsPage } from '../queries/list-runs-page.ts';
import { idParam } from '../register-api-route.ts';
import { configParams, districtParams, districtPath, queryFlag, runParams } from './route-params.ts';

const holdOutcome = z.object({
  runId: z.uuid().nullable(),
  heldRunId: z.uuid(),
  resolution: z.enum(['approved', 'discarded']),
  held: z.number(),
  approved: z.number(),
  skipped: z.array(z.object({ reason: z.string(), count: z.number() })),
  remaining: z.number(),
  discarded: z.number(),
  at: z.string(),
});

export const runRoutes = [
  defineRoute({
    operationId: 'listRuns',
    method: 'GET',
    path: `${districtPath}/runs`,
    summary: 'The district’s runs, newest first; `configId` keeps one config’s.',
    tag: 'runs',
    permission: 'syncs:read',
    params: districtParams,
    query: z.strictObject({ ...pageQuery, configId: idParam.optional() }),
    success: { status: 200, description: 'A page of runs (as `runs --json` lists them).' },
    errors: ['CURSOR_INVALID', 'CONFIG_NOT_FOUND'],
    async handle({ store, params, query }) {
      const { districtId } = params;
      if (query.configId) await requireConfigInDistrict(store.db, districtId, query.configId);
      const list = query.configId ? `runs:${query.configId}` : 'runs';
      const cursor = query.cursor ? decodePageCursor(list, districtId, query.cursor, 1)[0] : undefined;
      const rows = await listRunsPage(store.db, {
        districtId,
        configId: query.configId,
        afterId: cursor,
        limit: query.limit + 1,
      });
      return toPage(
        rows,
        query.limit,
        (run) => run,
        (run) => encodePageCursor(list, districtId, [run.id]),
      );
    },
  }),
  defineRoute({
    operationId: 'startRun',
    method: 'POST',
    path: `${districtPath}/sync-configs/:configId/runs`,
    summary:
      'Run a sync config now (or a dry run: plan and report, change nothing) and wait for its summary.',
    description:
      'Optionally send a OneRoster bundle as the body (Content-Type: application/zip): the run reads it instead of the config’s own path.',
    tag: 'runs',
    permission: 'syncs:write',
    params: configParams,
    query: z.strictObject({ dryRun: queryFlag }),
    upload: 'optional',
    success: {
      status: 201,
      description: 'The run’s summary (as `sync --json` prints it); `status` says how it ended.',
    },
    errors: ['CONFIG_NOT_FOUND', 'RUN_IN_PROGRESS'],
    async handle({ store, params, query, upload }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      const summary = await runSync({
        store,
        configId: params.configId,
        path: upload?.path,
        isDryRun: query.dryRun,
        trigger: 'api',
      });
      return runSummaryJson(summary);
    },
  }),
  defineRoute({
    operationId: 'getRun',
    method: 'GET',
    path: `${districtPath}/runs/:runId`,
    summary: 'A run with its changes (applied, planned, held, and what became of held ones) and findings.',
    tag: 'runs',
    permission: 'syncs:read',
    params: runParams,
    success: { status: 200, description: 'The run (as `run show --json` prints it).' },
    errors: ['RUN_NOT_FOUND'],
    async handle({ store, params }) {
      await requireRunInDistrict(store.db, params.districtId, params.runId);
      return readRun(store.db, params.runId);
    },
  }),
  defineRoute({
    operationId: 'getRunFindingsCsv',
    method: 'GET',
    path: `${districtPath}/runs/:runId/findings.csv`,
    summary: 'A run’s findings as CSV (severity, code, entity, SIS ID, file, line, column, value, message).',
    tag: 'runs',
    permission: 'syncs:read',
    params: runParams,
    success: { status: 200, description: 'The findings.', contentType: 'text/csv' },
    errors: ['RUN_NOT_FOUND'],
    async handle({ store, params, reply }) {
      await requireRunInDistrict(store.db, params.districtId, params.runId);
      const shown = (await readRun(store.db, params.runId))!;
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="run-${params.runId}-findings.csv"`);
      return findingsCsv(shown.findings);
    },
  }),
  defineRoute({
    operationId: 'approveRun',
    method: 'POST',
    path: `${districtPath}/runs/:runId/approve`,
    summary:
      'Approve a held run: re-check its held removals and apply those that still apply, as a run of its own.',
    tag: 'runs',
    permission: 'syncs:write',
    params: runParams,
    body: z.strictObject({ max: z.number().int().min(1).optional() }),
    isBodyOptional: true,
    success: { status: 200, description: 'How the hold was resolved.', schema: holdOutcome },
    errors: ['RUN_NOT_FOUND', 'RUN_NOT_HELD', 'HOLD_ALREADY_RESOLVED', 'RUN_IN_PROGRESS', 'APPROVAL_FAILED'],
    async handle({ store, params, body }) {
      await requireRunInDistrict(store.db, params.districtId, params.runId);
      return holdOutcomeJson(await approveHold({ store, runId: params.runId, maxCount: body.max }));
    },
  }),
  defineRoute({
    operationId: 'discardRun',
    method: 'POST',
    path: `${districtPath}/runs/:runId/discard`,
    summary: 'Discard a held run’s hold: apply none of its held removals.',
    tag: 'runs',
    permission: 'syncs:write',
    params: runParams,
    success: { status: 200, description: 'How the hold was resolved.', schema: holdOutcome },
    errors: ['RUN_NOT_FOUND', 'RUN_NOT_HELD', 'HOLD_ALREADY_RESOLVED', 'RUN_IN_PROGRESS'],
    async handle({ store, params }) {
      await requireRunInDistrict(store.db, params.districtId, params.runId);
      return holdOutcomeJson(await discardHold({ store, runId: params.runId }));
    },
  }),
  defineRoute({
    operationId: 'rollbackRun',
    method: 'POST',
    path: `${districtPath}/runs/:runId/rollback`,
    summary: 'Undo a run’s changes as a run of its own; refused with the conflicts unless `partial`.',
    tag: 'runs',
    permission: 'syncs:write',
    params: runParams,
    body: z.strictObject({ partial: z.boolean().default(false), dryRun: z.boolean().default(false) }),
    isBodyOptional: true,
    success: { status: 201, description: 'The rollback (as `rollback --json` prints it).' },
    errors: ['RUN_NOT_FOUND', 'RUN_ALREADY_ROLLED_BACK', 'ROLLBACK_CONFLICTS', 'RUN_IN_PROGRESS'],
    async handle({ store, params, body }) {
      await requireRunInDistrict(store.db, params.districtId, params.runId);
      return rollbackJson(
        await rollbackRun({ store, runId: params.runId, isPartial: body.partial, isDryRun: body.dryRun }),
      );
    },
  }),
];
