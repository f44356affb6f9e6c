import { Command } from 'commander';
import { DirectoryError } from '../../directory/directory-error.ts';
import { describeHoldResolution } from '../../sync/hold-resolution.ts';
import type { FieldProvenance } from '../../directory/read-provenance.ts';
import { readRun, type RunChange } from '../../sync/read-runs.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { runWithStore } from '../run-action.ts';
import { findingsCsv } from '../../findings/findings-csv.ts';
import { valueNotAppliedCodes } from '../../findings/value-not-applied-codes.ts';

export function runCommand(context: CliContext): Command {
  const command = new Command('run').description('Inspect one run.');
  command
    .command('show')
    .description('Show a run: status, counts, holds, every change with before → after, findings.')
    .argument('<run>', 'run id')
    .option(
      '--limit <n>',
      'changes to list in the text output (JSON lists all)',
      (v) => Number.parseInt(v, 10),
      200,
    )
    .option('--findings-csv', 'print only the findings, as CSV')
    .action(async (runId: string, options: { limit: number; findingsCsv?: boolean }) => {
      await runWithStore(context, async (store) => {
        const result = await readRun(store.db, runId);
        if (!result) throw new DirectoryError('RUN_NOT_FOUND', `No run ${runId}.`);
        if (options.findingsCsv) {
          context.io.out(findingsCsv(result.findings));
          return;
        }
        printResult(context, result, () => {
          const { run, changes, findings } = result;
          const lines = [
            `Run ${run.id}: ${run.status}${run.isDryRun ? ' (dry run)' : ''}`,
            `Config ${run.configId}, started ${run.startedAt}, finished ${run.finishedAt ?? '—'}`,
          ];
          if (run.input) lines.push(`Input ${run.input}`);
          if (run.heldRunId) lines.push(`Approves the hold of run ${run.heldRunId}`);
          if (run.holdResolution) {
            const by = run.holdResolution.runId ? ` by run ${run.holdResolution.runId}` : '';
            lines.push(`Hold ${describeHoldResolution(run.holdResolution)}${by} at ${run.holdResolution.at}`);
          } else if (run.status.startsWith('held_') && !run.isDryRun) {
            lines.push(`Hold open: rostersync approve ${run.id} [--max N], or rostersync discard ${run.id}`);
          }
          if (run.error) lines.push(`Error: ${run.error}`);
          const entities = Object.keys(run.counts);
          if (entities.length > 0) {
            lines.push(
              '',
              formatTable(
                ['', 'created', 'updated', 'archived', 'unarchived', 'unchanged', 'skipped'],
                entities.map((entity) => {
                  const c = run.counts[entity] ?? {};
                  return [
                    entity,
                    c.created ?? 0,
                    c.updated ?? 0,
                    c.archived ?? 0,
                    c.unarchived ?? 0,
                    c.unchanged ?? 0,
                    c.skipped ?? 0,
                  ];
                }),
              ),
            );
          }
          for (const [entity, hold] of Object.entries(run.held)) {
            lines.push(
              `Held ${entity}: tried ${hold.tried} (${hold.percent}%), ${hold.reason}${hold.detail ? `: ${hold.detail}` : ''}`,
            );
          }
          lines.push('', `Changes (${changes.length}):`);
          for (const change of changes.slice(0, options.limit)) lines.push(`  ${formatChange(change)}`);
          if (changes.length > options.limit)
            lines.push(`  … ${changes.length - options.limit} more (--limit, or --json for all)`);
          const notApplied = findings.filter((finding) => valueNotAppliedCodes.has(finding.code));
          if (notApplied.length > 0) {
            lines.push('', `Source values not applied (${notApplied.length}):`);
            for (const finding of notApplied) {
              lines.push(`  ${finding.code}${finding.sisId ? ` ${finding.sisId}` : ''}: ${finding.message}`);
            }
          }
          lines.push('', `Findings (${findings.length}):`);
          for (const finding of findings) {
            const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
            lines.push(`  ${finding.severity} ${finding.code}${where} ${finding.message}`);
          }
          return lines.join('\n');
        });
      });
    });
  return command;
}

function formatChange(change: RunChange): string {
  const fields = new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})]);
  const detail = [...fields]
    .map((field) => {
      const before =
        change.before && field in change.before ? JSON.stringify(change.before[field]) : undefined;
      const after = change.after && field in change.after ? JSON.stringify(change.after[field]) : undefined;
      const setBy = change.beforeSetBy?.[field];
      const origin = setBy ? ` (set by ${describeActor(setBy.by)} ${setBy.at})` : '';
      if (before === undefined) return `${field}=${after}`;
      if (after === undefined) return `${field} was ${before}${origin}`;
      return `${field}: ${before}${origin} → ${after}`;
    })
    .join(', ');
  const state = change.skipReason ? `${change.state}: ${change.skipReason}` : change.state;
  return `[${state}] ${change.action} ${change.entity} ${change.sisId ?? change.recordId ?? ''}${detail ? ` (${detail})` : ''}`;
}

function describeActor(by: FieldProvenance['by']): string {
  if (by.type === 'run') return `run ${by.runId}`;
  if (by.type === 'operator') return `API token ${by.tokenId ?? ''}`.trimEnd();
  return by.type === 'user' ? `person ${by.personId}` : 'the system';
}
