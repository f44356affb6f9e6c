import { z } from 'zod';
import { rollbackJson } from '../../rollback/rollback-json.ts';
import { holdOutcomeJson } from '../../sync/hold-outcome-json.ts';
import { runSummaryJson } from '../../sync/run-summary-json.ts';
import { findingsCsv } from '../../findings/findings-csv.ts';
import { rollbackRun } from '../../rollback/rollback-run.ts';
import { approveHold } from '../../sync/approve-hold.ts';
import { discardHold } from '../../sync/discard-hold.ts';
import { readRunFindings } from '../../sync/read-run-findings.ts';
import { runChangeStates } from '../../sync/run-change.ts';
import { entityTypes } from '../../roster/snapshot.ts';
import { runSync } from '../../sync/run-sync.ts';
import type { ChangeAction } from '../../sync/plan.ts';
import { defineRoute } from '../api-route.ts';
import { requireConfigInDistrict, requireRunInDistrict } from '../find-in-district.ts';
import { pageById, pageQuery, toPage } from '../pagination.ts';
import { listRunsPage } from '../queries/list-runs-page.ts';
import { readRunChangesPage } from '../queries/read-run-changes-page.ts';
import { readRunDetail } from '../queries/read-run-detail.ts';
import { readRunFindingsPage } from '../queries/read-run-findings-page.ts';
import {
  parseRunChangePosition,
  runChangePositionKey,
  runChangePositionLength,
} from '../queries/run-change-position.ts';
import { decodeRunListCursor, encodeRunListCursor, isDecimal } from '../queries/run-list-cursor.ts';
import { loadReadableConfigIds, requireRunReadable } from '../auth/readable-configs.ts';
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

/** The actions a change may have (`ChangeAction`), for the changes filter. */
const changeActions = [
  'create',
  'update',
  'archive',
  'unarchive',
  'add',
  'remove',
] as const satisfies readonly ChangeAction[];

const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), next: z.string().nullable() });

/** A change as `run show --json` lists it (`RunChange`). */
const runChange = z
  .object({
    state: z.enum(runChangeStates),
    entity: z.string(),
    action: z.string(),
    recordId: z.string().nullable(),
    relatedId: z.string().nullable(),
    sisId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    skipReason: z.string().optional(),
    beforeSetBy: z.record(z.string(), z.object({}).loose()).optional(),
  })
  .loose();

/** A finding as `run show --json` lists it (`Finding`). */
const runFinding = z
  .object({
    severity: z.enum(['error', 'warning', 'info']),
    code: z.string(),
    message: z.string(),
    entity: z.string().optional(),
    sisId: z.string().optional(),
    file: z.string().optional(),
    line: z.number().optional(),
    column: z.string().optional(),
    value: z.string().optional(),
  })
  .loose();

const countsOf = z.record(z.string(), z.number());

/** `getRun`'s answer (`RunDetail` with links). */
const runDetail = z.object({
  run: z.object({ id: z.uuid(), status: z.string(), trigger: z.string() }).loose(),
  listedFindings: z.object({
    total: z.number(),
    bySeverity: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
    byCode: countsOf,
  }),
  links: z.object({ changes: z.string(), findings: z.string(), findingsCsv: z.string() }),
});

export const runRoutes = [
  defineRoute({
    operationId: 'listRuns',
    method: 'GET',
    path: `${districtPath}/runs`,
    summary: 'The district’s runs, newest first; `configId` keeps one config’s.',
    tag: 'runs',
    permission: 'runs:read',
    documentedScope: 'syncs:read',
    params: districtParams,
    query: z.strictObject({ ...pageQuery, configId: idParam.optional() }),
    success: { status: 200, description: 'A page of runs (as `runs --json` lists them).' },
    errors: ['CURSOR_INVALID', 'CONFIG_NOT_FOUND'],
    async handle({ store, principal, params, query }) {
      const { districtId } = params;
      if (query.configId) await requireConfigInDistrict(store.db, districtId, query.configId);
      const readableConfigIds = await loadReadableConfigIds(store.db, principal);
      return pageById(
        query.configId ? `runs:${query.configId}` : 'runs',
        districtId,
        query,
        (afterId, limit) =>
          listRunsPage(store.db, { districtId, configId: query.configId, readableConfigIds, afterId, limit }),
      );
    },
  }),
  defineRoute({
    operationId: 'startRun',
    method: 'POST',
    path: `${districtPath}/sync-configs/:configId/runs`,
    summary:
      'Run a sync config now (or a dry run: plan and report, change nothing); wait for its summary, or not (`wait=false`).',
    description:
      'Optionally send a OneRoster bundle as the body (Content-Type: application/zip): the run reads it instead of the config’s own path. With `wait=false` the answer is 202 as soon as the run is recorded, `{"runId", "status": "running", "links": {"run"}}` with a `Location` header: follow `GET …/runs/{runId}` until `run.status` is no longer `running`. A large district’s full run takes minutes, longer than many clients wait.',
    tag: 'runs',
    permission: 'syncs:write',
    params: configParams,
    query: z.strictObject({ dryRun: queryFlag, wait: z.stringbool().default(true) }),
    upload: 'optional',
    success: {
      status: 201,
      description:
        'The run’s summary (as `sync --json` prints it); `status` says how it ended. (202 with `wait=false`: the run started.)',
    },
    errors: ['CONFIG_NOT_FOUND', 'RUN_IN_PROGRESS'],
    async handle({ store, params, query, upload, backgroundRuns, reply }) {
      await requireConfigInDistrict(store.db, params.districtId, params.configId);
      const options = {
        store,
        configId: params.configId,
        path: upload?.path,
        isDryRun: query.dryRun,
        trigger: 'api',
      };
      if (query.wait) return runSummaryJson(await runSync(options));
      // The run reads the upload after the answer is sent: it removes the file when it ends.
      upload?.keep();
      const runId = await backgroundRuns
        .start(options, async () => upload?.remove())
        .catch(async (error: unknown) => {
          await upload?.remove();
          throw error;
        });
      const location = `/api/v1/districts/${params.districtId}/runs/${runId}`;
      reply.code(202).header('location', location);
      return { runId, status: 'running', links: { run: location } };
    },
  }),
  defineRoute({
    operationId: 'getRun',
    method: 'GET',
    path: `${districtPath}/runs/:runId`,
    summary:
      'A run without its lists: status, trigger, times, counts, holds and their resolution, findings counted; links to its changes and findings.',
    description:
      '`run` is the record `run show --json` prints as `run`. The changes and findings, unbounded on a large district, are paged at `links.changes` and `links.findings`.',
    tag: 'runs',
    permission: 'runs:read',
    documentedScope: 'syncs:read',
    params: runParams,
    success: {
      status: 200,
      description: 'The run, its findings counted, and where its lists are.',
      schema: runDetail,
    },
    errors: ['RUN_NOT_FOUND'],
    async handle({ store, principal, params }) {
      await requireRunReadable(store.db, principal, params.districtId, params.runId);
      const detail = (await readRunDetail(store.db, params))!;
      const runPath = `${districtPath.replace(':districtId', params.districtId)}/runs/${params.runId}`;
      return {
        ...detail,
        links: {
          changes: `${runPath}/changes`,
          findings: `${runPath}/findings`,
          findingsCsv: `${runPath}/findings.csv`,
        },
      };
    },
  }),
  defineRoute({
    operationId: 'listRunChanges',
    method: 'GET',
    path: `${districtPath}/runs/:runId/changes`,
    summary:
      'A run’s changes, a page at a time: applied (in commit order), then planned, held, and what became of held ones.',
    description:
      'Each item is a change as `run show --json` lists it (with `beforeSetBy` on applied changes to people). `state`, `entity` and `action` keep only matching changes.',
    tag: 'runs',
    permission: 'runs:read',
    documentedScope: 'syncs:read',
    params: runParams,
    query: z.strictObject({
      ...pageQuery,
      state: z.enum(runChangeStates).optional(),
      entity: z.enum(entityTypes).optional(),
      action: z.enum(changeActions).optional(),
    }),
    success: { status: 200, description: 'A page of changes.', schema: pageOf(runChange) },
    errors: ['RUN_NOT_FOUND', 'CURSOR_INVALID'],
    async handle({ store, principal, params, query }) {
      const { districtId, runId } = params;
      await requireRunReadable(store.db, principal, districtId, runId);
      const after = query.cursor
        ? decodeRunListCursor('run-changes', districtId, runId, query.cursor, {
            length: runChangePositionLength,
            parse: parseRunChangePosition,
          })
        : undefined;
      const entries = await readRunChangesPage(store.db, {
        districtId,
        runId,
        after,
        limit: query.limit + 1,
        filter: { state: query.state, entity: query.entity, action: query.action },
      });
      return toPage(
        entries,
        query.limit,
        (entry) => entry.change,
        (entry) =>
          encodeRunListCursor('run-changes', districtId, runId, runChangePositionKey(entry.position)),
      );
    },
  }),
  defineRoute({
    operationId: 'listRunFindings',
    method: 'GET',
    path: `${districtPath}/runs/:runId/findings`,
    summary: 'A run’s stored findings, a page at a time, in the order the run noted them.',
    description:
      'Each item is a finding as `run show --json` lists it. `severity` and `code` keep only matching findings.',
    tag: 'runs',
    permission: 'runs:read',
    documentedScope: 'syncs:read',
    params: runParams,
    query: z.strictObject({
      ...pageQuery,
      severity: z.enum(['error', 'warning', 'info']).optional(),
      code: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]*$/)
        .max(64)
        .optional(),
    }),
    success: { status: 200, description: 'A page of findings.', schema: pageOf(runFinding) },
    errors: ['RUN_NOT_FOUND', 'CURSOR_INVALID'],
    async handle({ store, principal, params, query }) {
      const { districtId, runId } = params;
      await requireRunReadable(store.db, principal, districtId, runId);
      const afterSeq = query.cursor
        ? decodeRunListCursor('run-findings', districtId, runId, query.cursor, {
            length: 1,
            parse: ([seq = '']) => (isDecimal(seq, 9) ? Number(seq) : undefined),
          })
        : undefined;
      const entries = await readRunFindingsPage(store.db, {
        districtId,
        runId,
        afterSeq,
        limit: query.limit + 1,
        filter: { severity: query.severity, code: query.code },
      });
      return toPage(
        entries,
        query.limit,
        (entry) => entry.finding,
        (entry) => encodeRunListCursor('run-findings', districtId, runId, [String(entry.seq)]),
      );
    },
  }),
  defineRoute({
    operationId: 'getRunFindingsCsv',
    method: 'GET',
    path: `${districtPath}/runs/:runId/findings.csv`,
    summary: 'A run’s findings as CSV (severity, code, entity, SIS ID, file, line, column, value, message).',
    tag: 'runs',
    permission: 'runs:read',
    documentedScope: 'syncs:read',
    params: runParams,
    success: { status: 200, description: 'The findings.', contentType: 'text/csv' },
    errors: ['RUN_NOT_FOUND'],
    async handle({ store, principal, params, reply }) {
      await requireRunReadable(store.db, principal, params.districtId, params.runId);
      // Findings only: a run stores at most 1,000 per code, unlike its changes.
      const findings = await readRunFindings(store.db, { id: params.runId, districtId: params.districtId });
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="run-${params.runId}-findings.csv"`);
      return findingsCsv(findings);
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
